// shader_program.hpp -- compiles and links one GLSL program from shaders/* bodies with the target's
// #version prefix; the heatmap and picture renderers share it.
#pragma once

#include "platform/gl.hpp"

namespace strideconv::platform {

// The linked program, or 0 after printing the compiler's log (prefixed by `what`) to stderr.
GLuint build_program(const char* glsl_prefix, const char* vertex_body, const char* fragment_body, const char* what);

}  // namespace strideconv::platform
