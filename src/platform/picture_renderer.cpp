// picture_renderer.cpp -- image mode's pictures as shader-drawn textures (see picture_renderer.hpp).
#include "platform/picture_renderer.hpp"

#include <algorithm>

#include "strideconv_shaders.h"

namespace strideconv::platform {

namespace {

// One channel plane as an R32F texture of `w` x `h` values (undefined until uploaded), read with
// texelFetch.
void make_plane(GLuint& tex, int w, int h) {
    if (!tex) glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

}  // namespace

// The colouring of a picture: what, besides its values, its target's colours depend on.
PictureRenderer::Colouring PictureRenderer::colouring_of(const ui::PictureImage& pic) {
    Colouring c;
    c.map = pic.map;
    c.scale = pic.scale;
    std::copy(pic.zero, pic.zero + 3, c.colours);
    std::copy(pic.positive, pic.positive + 3, c.colours + 3);
    std::copy(pic.negative, pic.negative + 3, c.colours + 6);
    return c;
}

bool PictureRenderer::Colouring::operator==(const Colouring& o) const {
    // NaN equals NaN here: a colouring that cannot change must not colour a target every frame.
    auto same = [](float a, float b) { return a == b || (a != a && b != b); };
    return map == o.map && same(scale, o.scale) && std::equal(colours, colours + 9, o.colours, same);
}

bool PictureRenderer::upload(Slot& slot, const ui::PictureImage& pic) {
    if (slot.values_key != pic.key || slot.rows != pic.rows || slot.cols != pic.cols || slot.channels != pic.channels) {
        for (int c = 0; c < pic.channels; ++c)
            if (!slot.planes[c] || slot.rows != pic.rows || slot.cols != pic.cols) make_plane(slot.planes[c], pic.cols, pic.rows);
        slot.values_key = pic.key;
        slot.rows = pic.rows;
        slot.cols = pic.cols;
        slot.channels = pic.channels;
        slot.rows_loaded = 0;
        slot.rows_drawn = 0;
    }
    const int total = pic.rows * pic.channels;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    while (slot.rows_loaded < total) {
        const bool limited = upload_budget > 0;
        if (limited && budget_left_ < size_t(pic.cols)) break;  // the rest in the next frames
        const int c = slot.rows_loaded / pic.rows, y0 = slot.rows_loaded % pic.rows;
        const int fit = limited ? static_cast<int>(std::min<size_t>(budget_left_ / size_t(pic.cols), size_t(pic.rows))) : pic.rows;
        const int n = std::min(fit, pic.rows - y0);  // rows of this plane
        glBindTexture(GL_TEXTURE_2D, slot.planes[c]);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, pic.cols, n, GL_RED, GL_FLOAT,
                        pic.values + (static_cast<size_t>(c) * pic.rows + y0) * pic.cols);
        if (limited) budget_left_ -= size_t(n) * size_t(pic.cols);
        slot.rows_loaded += n;
    }
    return slot.rows_loaded >= total;
}

ui::PictureTexture PictureRenderer::draw(const ui::PictureImage& pic, const char* glsl_prefix) {
    ui::PictureTexture none;
    if (pic.slot < 0 || pic.slot >= ui::kPictureSlots || pic.cols <= 0 || pic.rows <= 0 || !pic.values ||
        (pic.channels != 1 && pic.channels != 3))
        return none;
    if (!program_.ready(glsl_prefix, strideconv_shader_heatmap_vert, strideconv_shader_picture_frag, "picture"))
        return none;
    if (!max_size_) glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size_);
    if (pic.cols > max_size_ || pic.rows > max_size_) return none;
    Slot& slot = slots_[pic.slot];
    const Colouring colouring = colouring_of(pic);
    if (slot.key == pic.key && slot.colouring == colouring && slot.target.texture)
        return {texture_id(slot.target.texture), false, 1};

    if (upload(slot, pic)) {
        // Enlarged: every picture pixel a sharp square. Reduced: averaged through the mipmaps, so
        // showing a large picture small does not itself alias.
        if (!slot.target.bind(pic.cols, pic.rows, GL_LINEAR_MIPMAP_LINEAR, GL_NEAREST)) return none;
        // Coloured again from the first row when the colouring changed (the colour scale arrives
        // after the first outputs, the theme changes): the values on the GPU stay.
        if (slot.rows_drawn > 0 && !(slot.drawing == colouring)) slot.rows_drawn = 0;
        if (slot.rows_drawn == 0) {
            slot.key = 0;  // the target no longer holds the picture it had
            slot.drawing = colouring;
        }
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
        // In bands of rows too, a pixel counted as a value of the budget: a software GL colours a
        // 2048 x 2048 target in a few hundred milliseconds.
        glEnable(GL_SCISSOR_TEST);
        while (slot.rows_drawn < pic.rows) {
            const bool limited = upload_budget > 0;
            if (limited && budget_left_ < size_t(pic.cols)) break;
            const int fit = limited ? static_cast<int>(std::min<size_t>(budget_left_ / size_t(pic.cols), size_t(pic.rows))) : pic.rows;
            const int n = std::min(fit, pic.rows - slot.rows_drawn);
            glScissor(0, slot.rows_drawn, pic.cols, n);
            program_.draw();
            if (limited) budget_left_ -= size_t(n) * size_t(pic.cols);
            slot.rows_drawn += n;
        }
        glDisable(GL_SCISSOR_TEST);
        if (slot.rows_drawn >= pic.rows) {
            glBindTexture(GL_TEXTURE_2D, slot.target.texture);
            glGenerateMipmap(GL_TEXTURE_2D);
            slot.key = pic.key;
            slot.colouring = colouring;
            return {texture_id(slot.target.texture), false, 1};
        }
    }
    ui::PictureTexture loading;
    loading.loading = true;
    loading.progress = float(slot.rows_loaded + slot.rows_drawn) / float(pic.rows * (pic.channels + 1));
    return loading;
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
