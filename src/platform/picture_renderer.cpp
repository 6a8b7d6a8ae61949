// picture_renderer.cpp -- image mode's pictures as shader-drawn textures (see picture_renderer.hpp).
#include "platform/picture_renderer.hpp"

#include "strideconv_shaders.h"

namespace strideconv::platform {

namespace {

// One channel plane as an R32F texture: the values themselves, read with texelFetch.
void upload_plane(GLuint& tex, int w, int h, const float* data) {
    if (!tex) glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, data);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

}  // namespace

void* PictureRenderer::draw(const ui::PictureImage& pic, const char* glsl_prefix) {
    if (pic.slot < 0 || pic.slot >= ui::kPictureSlots || pic.cols <= 0 || pic.rows <= 0 || !pic.values ||
        (pic.channels != 1 && pic.channels != 3))
        return nullptr;
    if (!program_.ready(glsl_prefix, strideconv_shader_heatmap_vert, strideconv_shader_picture_frag, "picture"))
        return nullptr;
    if (!max_size_) glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size_);
    if (pic.cols > max_size_ || pic.rows > max_size_) return nullptr;
    Slot& slot = slots_[pic.slot];
    if (slot.key == pic.key && slot.target.texture) return texture_id(slot.target.texture);

    const size_t plane = static_cast<size_t>(pic.rows) * pic.cols;
    for (int c = 0; c < pic.channels; ++c) upload_plane(slot.planes[c], pic.cols, pic.rows, pic.values + plane * c);
    // Enlarged: every picture pixel a sharp square. Reduced: averaged through the mipmaps, so
    // showing a large picture small does not itself alias.
    if (!slot.target.bind(pic.cols, pic.rows, GL_LINEAR_MIPMAP_LINEAR, GL_NEAREST)) return nullptr;
    program_.use();
    for (int c = 0; c < 3; ++c) {
        glActiveTexture(GL_TEXTURE0 + c);
        glBindTexture(GL_TEXTURE_2D, slot.planes[c < pic.channels ? c : 0]);
    }
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(program_.uniform("u_plane0"), 0);
    glUniform1i(program_.uniform("u_plane1"), 1);
    glUniform1i(program_.uniform("u_plane2"), 2);
    glUniform1i(program_.uniform("u_channels"), pic.channels);
    glUniform1i(program_.uniform("u_map"), static_cast<int>(pic.map));
    glUniform1f(program_.uniform("u_scale"), pic.scale);
    glUniform2f(program_.uniform("u_size"), static_cast<float>(pic.cols), static_cast<float>(pic.rows));
    glUniform3fv(program_.uniform("u_zero"), 1, pic.zero);
    glUniform3fv(program_.uniform("u_positive"), 1, pic.positive);
    glUniform3fv(program_.uniform("u_negative"), 1, pic.negative);
    program_.draw();
    glBindTexture(GL_TEXTURE_2D, slot.target.texture);
    glGenerateMipmap(GL_TEXTURE_2D);
    slot.key = pic.key;
    return texture_id(slot.target.texture);
}

void PictureRenderer::release() {
    for (Slot& s : slots_) {
        glDeleteTextures(3, s.planes);
        s.target.release();
        s = Slot{};
    }
    program_.release();
    max_size_ = 0;
}

}  // namespace strideconv::platform
