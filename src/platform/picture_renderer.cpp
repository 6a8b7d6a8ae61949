// picture_renderer.cpp -- image mode's pictures as shader-drawn textures (see picture_renderer.hpp).
#include "platform/picture_renderer.hpp"

#include "platform/shader_program.hpp"
#include "strideconv_shaders.h"

namespace strideconv::platform {

namespace {

void* texture_id(GLuint t) { return reinterpret_cast<void*>(static_cast<intptr_t>(t)); }

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
    if (!ready_ && !init(glsl_prefix)) return nullptr;
    if (pic.cols > max_size_ || pic.rows > max_size_) return nullptr;
    Slot& slot = slots_[pic.slot];
    if (slot.key == pic.key && slot.target) return texture_id(slot.target);

    const size_t plane = static_cast<size_t>(pic.rows) * pic.cols;
    for (int c = 0; c < pic.channels; ++c) upload_plane(slot.planes[c], pic.cols, pic.rows, pic.values + plane * c);
    if (!slot.target || slot.width != pic.cols || slot.height != pic.rows) {
        if (slot.target) glDeleteTextures(1, &slot.target);
        glGenTextures(1, &slot.target);
        glBindTexture(GL_TEXTURE_2D, slot.target);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, pic.cols, pic.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        // Enlarged: every picture pixel a sharp square. Reduced: averaged through the mipmaps, so
        // showing a large picture small does not itself alias.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        if (!slot.fbo) glGenFramebuffers(1, &slot.fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, slot.fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, slot.target, 0);
        slot.width = pic.cols;
        slot.height = pic.rows;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, slot.fbo);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return nullptr;
    }
    glViewport(0, 0, pic.cols, pic.rows);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glUseProgram(program_);
    glBindVertexArray(vao_);
    for (int c = 0; c < 3; ++c) {
        glActiveTexture(GL_TEXTURE0 + c);
        glBindTexture(GL_TEXTURE_2D, slot.planes[c < pic.channels ? c : 0]);
    }
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(glGetUniformLocation(program_, "u_plane0"), 0);
    glUniform1i(glGetUniformLocation(program_, "u_plane1"), 1);
    glUniform1i(glGetUniformLocation(program_, "u_plane2"), 2);
    glUniform1i(glGetUniformLocation(program_, "u_channels"), pic.channels);
    glUniform1i(glGetUniformLocation(program_, "u_map"), static_cast<int>(pic.map));
    glUniform1f(glGetUniformLocation(program_, "u_scale"), pic.scale);
    glUniform2f(glGetUniformLocation(program_, "u_size"), static_cast<float>(pic.cols), static_cast<float>(pic.rows));
    glUniform3fv(glGetUniformLocation(program_, "u_zero"), 1, pic.zero);
    glUniform3fv(glGetUniformLocation(program_, "u_positive"), 1, pic.positive);
    glUniform3fv(glGetUniformLocation(program_, "u_negative"), 1, pic.negative);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, slot.target);
    glGenerateMipmap(GL_TEXTURE_2D);
    slot.key = pic.key;
    return texture_id(slot.target);
}

void PictureRenderer::release() {
    for (Slot& s : slots_) {
        glDeleteTextures(3, s.planes);
        if (s.target) glDeleteTextures(1, &s.target);
        if (s.fbo) glDeleteFramebuffers(1, &s.fbo);
        s = Slot{};
    }
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
    program_ = vao_ = 0;
    max_size_ = 0;
    ready_ = failed_ = false;
}

bool PictureRenderer::init(const char* glsl_prefix) {
    if (failed_) return false;
    failed_ = true;  // until proven otherwise
    program_ = build_program(glsl_prefix, strideconv_shader_heatmap_vert, strideconv_shader_picture_frag, "picture");
    if (!program_) return false;
    glGenVertexArrays(1, &vao_);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size_);
    failed_ = false;
    ready_ = true;
    return true;
}

}  // namespace strideconv::platform
