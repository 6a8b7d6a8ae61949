// shader_program.cpp -- see shader_program.hpp.
#include "platform/shader_program.hpp"

#include <cstdio>

namespace strideconv::platform {

namespace {

GLuint compile(GLenum kind, const char* prefix, const char* body, const char* what) {
    const char* sources[] = {prefix, body};
    GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 2, sources, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        std::fprintf(stderr, "%s shader: %s\n", what, log);
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

}  // namespace

GLuint build_program(const char* glsl_prefix, const char* vertex_body, const char* fragment_body, const char* what) {
    const GLuint vs = compile(GL_VERTEX_SHADER, glsl_prefix, vertex_body, what);
    const GLuint fs = compile(GL_FRAGMENT_SHADER, glsl_prefix, fragment_body, what);
    if (!vs || !fs) {
        if (vs) glDeleteShader(vs);
        if (fs) glDeleteShader(fs);
        return 0;
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        std::fprintf(stderr, "%s shader: link failed\n", what);
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

bool FullScreenProgram::ready(const char* glsl_prefix, const char* vertex_body, const char* fragment_body,
                              const char* what) {
    if (ready_) return true;
    if (failed_) return false;
    failed_ = true;  // until proven otherwise
    program_ = build_program(glsl_prefix, vertex_body, fragment_body, what);
    if (!program_) return false;
    glGenVertexArrays(1, &vao_);
    failed_ = false;
    ready_ = true;
    return true;
}

void FullScreenProgram::use() const {
    glUseProgram(program_);
    glBindVertexArray(vao_);
}

void FullScreenProgram::draw() const {
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void FullScreenProgram::release() {
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
    program_ = vao_ = 0;
    ready_ = failed_ = false;
}

namespace {

// Whether a framebuffer with a w x h RGBA8 colour texture (bound) is complete. The status is asked
// until one is complete: RGBA8 is colour-renderable in every GLES 3 / WebGL 2, so after that another
// can only fail by its size, which the texture limit answers without the wait. (An incomplete first
// one, too large for instance, says nothing of the ones after it.)
bool framebuffer_complete(int w, int h) {
    static bool format_renders = false;
    static GLint max_size = 0;
    if (!format_renders) {
        format_renders = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
        if (format_renders) glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
        return format_renders;
    }
    return w > 0 && h > 0 && w <= max_size && h <= max_size;
}

}  // namespace

bool OffscreenTarget::bind(int w, int h, GLint min_filter, GLint mag_filter) {
    if (!texture || width != w || height != h) {
        if (texture) glDeleteTextures(1, &texture);
        glGenTextures(1, &texture);
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, min_filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, mag_filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        if (!fbo) glGenFramebuffers(1, &fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
        width = w;
        height = h;
        complete = framebuffer_complete(w, h);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    if (!complete) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return false;
    }
    glViewport(0, 0, w, h);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    return true;
}

void OffscreenTarget::release() {
    if (texture) glDeleteTextures(1, &texture);
    if (fbo) glDeleteFramebuffers(1, &fbo);
    *this = OffscreenTarget{};
}

}  // namespace strideconv::platform
