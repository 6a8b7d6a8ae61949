// image_view.hpp -- image mode's view and its side panel (image_view.cpp): the picture and each
// route's output side by side, fitted (outputs enlarged by the stride, nearest neighbour) and
// enlarged by the lab's one zoom (zoom=, the side panel's Zoom row), the colour legend, the value under the pointer, the window an output pixel reads,
// and a click that opens the walk on that window. Everything shown comes from teach::ImageModel;
// pictures are textures drawn by the platform (Host::picture). ImGui only.
#pragma once

#include <optional>

#include "teach/image_mode.hpp"
#include "teach/image_quiz.hpp"
#include "ui/views.hpp"

namespace strideconv::ui {

// Where a picture was drawn on the last frame (screen coordinates), for tests and hosts.
struct PicturePlacement {
    bool shown = false;  // its values are there (computed)
    bool drawn = false;  // and its texture was on screen (not "drawing... N%" in its place)
    float x = 0, y = 0;  // top-left corner of the picture
    float zoom = 1;      // screen pixels per picture pixel
    int rows = 0, cols = 0;
};

class ImageView {
  public:
    void draw(const ViewContext& ctx, teach::ImageModel& model);
    PicturePlacement input;      // the picture
    PicturePlacement routes[5];  // by route number - 1
    teach::ImageQuizSession quiz;  // the questions under the routes

    // After a click opened the walk on an output pixel's window: when the configuration is back in
    // image mode with the walk's layer unchanged (Image chosen under View, or a host's setState),
    // the image-mode configuration the click left (its own padding, input and kernel rather than
    // the walked region's), keeping the viewer's presentation; nullopt otherwise. Forgets the
    // click once back in image mode either way.
    std::optional<teach::Config> back_from_walk(const teach::Config& now);

  private:
    std::optional<teach::Config> left_, walked_;  // image mode as the click left it; the walk it opened
    ZoomArea zoom_area_;    // zoom= (the side panel's Zoom row, a pinch): the panels enlarged, scrolling
    bool panning_ = false;  // the press began off the pictures: dragging scrolls zoomed panels
    struct Pointed {
        int card = -2;  // -1: the picture; >= 0: a card; -2: nothing
        int row = -1, col = -1;
    };
    Pointed hovered_;
    image::Route selected_route_ = image::Route::stride;
    int selected_row_ = -1, selected_col_ = -1;  // the output pixel last clicked (its window stays marked)
    char typed_[48] = {};
    void draw_quiz(const Palette& p, teach::Lang lang);
};

// A picture's values as the platform draws them (slot, cache key, colour map).
PictureImage describe_picture(int slot, uint64_t key, const Tensor& values, const teach::DisplayMap& map,
                              const Palette& p);

// The side panel in image mode: lessons, the picture, the layer, routes, shift, view, sharing.
void draw_image_controls(const ViewContext& ctx, teach::ImageModel& model);

}  // namespace strideconv::ui
