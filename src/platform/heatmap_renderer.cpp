// heatmap_renderer.cpp -- large grids as shader-drawn textures (see heatmap_renderer.hpp).
#include "platform/heatmap_renderer.hpp"

#include <algorithm>

#include "platform/shader_program.hpp"
#include "strideconv_shaders.h"

namespace strideconv::platform {

namespace {

void* texture_id(GLuint t) { return reinterpret_cast<void*>(static_cast<intptr_t>(t)); }

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
    if (!ready_ && !init(glsl_prefix)) return nullptr;
    Slot& slot = slots_[img.slot];
    if (slot.key == img.key && slot.target) return texture_id(slot.target);
    const int width = std::min(img.cols * img.cell_px, 4096), height = std::min(img.rows * img.cell_px, 4096);

    upload(slot.values, GL_R32F, GL_FLOAT, img.cols, img.rows, img.values);
    upload(slot.roles, GL_R8, GL_UNSIGNED_BYTE, img.cols, img.rows, img.roles);
    if (!slot.target || slot.width != width || slot.height != height) {
        if (!slot.target) glGenTextures(1, &slot.target);
        glBindTexture(GL_TEXTURE_2D, slot.target);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        if (!slot.fbo) glGenFramebuffers(1, &slot.fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, slot.fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, slot.target, 0);
        slot.width = width;
        slot.height = height;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, slot.fbo);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return nullptr;
    }
    glViewport(0, 0, width, height);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glUseProgram(program_);
    glBindVertexArray(vao_);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, slot.roles);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, slot.values);
    glUniform1i(uniform("u_values"), 0);
    glUniform1i(uniform("u_roles"), 1);
    glUniform2f(uniform("u_cells"), static_cast<float>(img.cols), static_cast<float>(img.rows));
    glUniform1f(uniform("u_max_abs"), img.max_abs);
    glUniform3fv(uniform("u_zero"), 1, img.zero);
    glUniform3fv(uniform("u_positive"), 1, img.positive);
    glUniform3fv(uniform("u_negative"), 1, img.negative);
    glUniform3fv(uniform("u_padding"), 1, img.padding);
    glUniform3fv(uniform("u_grid"), 1, img.grid);
    glUniform3fv(uniform("u_dropped"), 1, img.dropped);
    glUniform3fv(uniform("u_skipped"), 1, img.skipped);
    glUniform3fv(uniform("u_future"), 1, img.future);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    slot.key = img.key;
    return texture_id(slot.target);
}

void HeatmapRenderer::release() {
    for (Slot& s : slots_) {
        const GLuint textures[] = {s.values, s.roles, s.target};
        glDeleteTextures(3, textures);
        if (s.fbo) glDeleteFramebuffers(1, &s.fbo);
        s = Slot{};
    }
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
    program_ = vao_ = 0;
    ready_ = failed_ = false;
}

bool HeatmapRenderer::init(const char* glsl_prefix) {
    if (failed_) return false;
    failed_ = true;  // until proven otherwise
    program_ = build_program(glsl_prefix, strideconv_shader_heatmap_vert, strideconv_shader_heatmap_frag, "heatmap");
    if (!program_) return false;
    glGenVertexArrays(1, &vao_);
    failed_ = false;
    ready_ = true;
    return true;
}

}  // namespace strideconv::platform
