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

}  // namespace strideconv::platform
