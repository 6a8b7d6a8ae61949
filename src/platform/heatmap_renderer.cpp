// heatmap_renderer.cpp -- large grids as shader-drawn textures (see heatmap_renderer.hpp).
#include "platform/heatmap_renderer.hpp"

#include <algorithm>

#include "strideconv_shaders.h"

namespace strideconv::platform {

namespace {

void upload(GLuint& tex, GLenum internal, GLenum type, int w, int h, const void* data) {
    if (!tex) glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal), w, h, 0, GL_RED, type, data);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

}  // namespace

void* HeatmapRenderer::draw(const ui::HeatmapImage& img, const char* glsl_prefix) {
    if (img.slot < 0 || img.slot >= ui::kHeatmapSlots || img.cols <= 0 || img.rows <= 0) return nullptr;
    if (!program_.ready(glsl_prefix, strideconv_shader_heatmap_vert, strideconv_shader_heatmap_frag, "heatmap"))
        return nullptr;
    Slot& slot = slots_[img.slot];
    if (slot.key == img.key && slot.target.texture) return texture_id(slot.target.texture);

    upload(slot.values, GL_R32F, GL_FLOAT, img.cols, img.rows, img.values);
    upload(slot.roles, GL_R8, GL_UNSIGNED_BYTE, img.cols, img.rows, img.roles);
    const int width = std::min(img.cols * img.cell_px, 4096), height = std::min(img.rows * img.cell_px, 4096);
    if (!slot.target.bind(width, height, GL_LINEAR, GL_LINEAR)) return nullptr;
    program_.use();
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, slot.roles);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, slot.values);
    glUniform1i(program_.uniform("u_values"), 0);
    glUniform1i(program_.uniform("u_roles"), 1);
    glUniform2f(program_.uniform("u_cells"), static_cast<float>(img.cols), static_cast<float>(img.rows));
    glUniform1f(program_.uniform("u_max_abs"), img.max_abs);
    glUniform3fv(program_.uniform("u_zero"), 1, img.zero);
    glUniform3fv(program_.uniform("u_positive"), 1, img.positive);
    glUniform3fv(program_.uniform("u_negative"), 1, img.negative);
    glUniform3fv(program_.uniform("u_padding"), 1, img.padding);
    glUniform3fv(program_.uniform("u_grid"), 1, img.grid);
    glUniform3fv(program_.uniform("u_dropped"), 1, img.dropped);
    glUniform3fv(program_.uniform("u_skipped"), 1, img.skipped);
    glUniform3fv(program_.uniform("u_future"), 1, img.future);
    program_.draw();
    slot.key = img.key;
    return texture_id(slot.target.texture);
}

void HeatmapRenderer::release() {
    for (Slot& s : slots_) {
        const GLuint textures[] = {s.values, s.roles};
        glDeleteTextures(2, textures);
        s.target.release();
        s = Slot{};
    }
    program_.release();
}

}  // namespace strideconv::platform
