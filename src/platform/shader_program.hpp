// shader_program.hpp -- what the heatmap and picture renderers share: one GLSL program from
// shaders/* bodies with the target's #version prefix, drawn as one full-screen triangle into a
// texture of its own (an offscreen target) that ImGui then shows as an image.
#pragma once

#include <cstdint>

#include "platform/gl.hpp"

namespace strideconv::platform {

// The linked program, or 0 after printing the compiler's log (prefixed by `what`) to stderr.
GLuint build_program(const char* glsl_prefix, const char* vertex_body, const char* fragment_body, const char* what);

// The texture name as ImGui's ImTextureID.
inline void* texture_id(GLuint texture) { return reinterpret_cast<void*>(static_cast<intptr_t>(texture)); }

// A program that draws one full-screen triangle (shaders/heatmap.vert) and its vertex array. Built
// at the first draw; a failure is remembered (the UI then draws without it) until release().
class FullScreenProgram {
  public:
    bool ready(const char* glsl_prefix, const char* vertex_body, const char* fragment_body, const char* what);
    GLint uniform(const char* name) const { return glGetUniformLocation(program_, name); }
    // Use the program and its vertex array; draw() draws the triangle and unbinds all.
    void use() const;
    void draw() const;
    void release();

  private:
    GLuint program_ = 0, vao_ = 0;
    bool ready_ = false, failed_ = false;
};

// An RGBA8 texture with a framebuffer that draws into it.
struct OffscreenTarget {
    GLuint texture = 0, fbo = 0;
    int width = 0, height = 0;
    bool complete = false;  // the framebuffer's status when the texture was made
    // Sizes the texture (made again when the size changes, with these filters and clamped edges),
    // binds the framebuffer with a viewport over all of it and no blending, scissor or depth test.
    // False, with no framebuffer bound, when the framebuffer is incomplete. The status is asked
    // until one target is complete (later ones are checked against the texture size limit):
    // glCheckFramebufferStatus waits for the GPU to finish all the work sent so far (in a browser,
    // a round trip to its GPU process). Asked on every render, then on every new output size, it
    // froze image mode's page for up to a second when the stride changed a large picture's outputs.
    bool bind(int w, int h, GLint min_filter, GLint mag_filter);
    void release();
};

}  // namespace strideconv::platform
