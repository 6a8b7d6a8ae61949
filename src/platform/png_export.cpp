// png_export.cpp -- the current frame as a PNG at any scale (see platform.hpp).
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "platform/platform.hpp"

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace strideconv::platform {

namespace {

void append_png_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<const unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

std::vector<unsigned char> render_png(ImDrawData* draw_data, int scale, int& width, int& height) {
    std::vector<unsigned char> png;
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(platform().window, &fb_w, &fb_h);
    width = fb_w * scale;
    height = fb_h * scale;
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) return png;

    GLuint fbo = 0, colour = 0;
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glGenRenderbuffers(1, &colour);
    glBindRenderbuffer(GL_RENDERBUFFER, colour);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
        const ImVec2 saved = draw_data->FramebufferScale;
        draw_data->FramebufferScale = ImVec2(saved.x * scale, saved.y * scale);
        glViewport(0, 0, width, height);
        const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(draw_data);
        draw_data->FramebufferScale = saved;

        std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
        for (auto k = size_t(3); k < pixels.size(); k += 4) pixels[k] = 255;  // opaque image
        stbi_flip_vertically_on_write(1);  // GL rows run bottom-up
        stbi_write_png_to_func(append_png_bytes, &png, width, height, 4, pixels.data(), width * 4);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteRenderbuffers(1, &colour);
    glDeleteFramebuffers(1, &fbo);
    return png;
}

}  // namespace strideconv::platform
