// headless_screen.hpp -- the UI tests' screen: one Dear ImGui context with a built font atlas and
// key map and no renderer, as a backend would set it up, sized as a window; frames of the app and
// left clicks, and finding a button by its label. Test files add what they need on top (keys,
// recording text).
//
// Usage:
//   test::HeadlessScreen screen(390, 844);   // a phone
//   ui::App app;
//   screen.frame(app);                      // the number of vertices drawn
//   screen.click(app, ImVec2(100, 200));
#pragma once

#include <algorithm>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"  // GImGui->HoveredId and the window list: finding a button by its label
#include "ui/app.hpp"

namespace strideconv::test {

struct HeadlessScreen {
    double time = 0;

    explicit HeadlessScreen(float width = 1280, float height = 800) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->AddFontDefault();
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;  // key index == ImGuiKey
    }
    ~HeadlessScreen() { ImGui::DestroyContext(); }
    HeadlessScreen(const HeadlessScreen&) = delete;
    HeadlessScreen& operator=(const HeadlessScreen&) = delete;

    // Runs one frame; returns the number of vertices drawn.
    int frame(ui::App& app) {
        time += 1.0 / 60.0;
        ImGui::NewFrame();
        app.frame(time);
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }
    // A left click at `at`: the pointer moves there, then the button goes down and up, a frame each.
    void click(ui::App& app, ImVec2 at) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame(app);
        io.MouseDown[0] = true;
        frame(app);
        io.MouseDown[0] = false;
        frame(app);
    }
    void click(ui::App& app, float x, float y) { click(app, ImVec2(x, y)); }

    // Where the button `label` of the child window `child` (e.g. "controls") is: moves the pointer
    // down the window's first column, or the column at x = `column_x` (and then along the row at
    // y = `x_in_row`, for a button after SameLine), until ImGui reports that item hovered. Hovering changes no state. A panel taller than the screen is
    // scrolled down a screen at a time until the button shows (a search along a row does not scroll).
    // Returns false if not found.
    bool find_button(ui::App& app, const char* child, const char* label, ImVec2& at, float x_in_row = -1,
                     float column_x = -1) {
        if (find_button_in_view(app, child, label, at, x_in_row, column_x)) return true;
        ImGuiWindow* window = child_window(child);
        for (float scroll = 0; x_in_row < 0 && window && scroll < window->ScrollMax.y;) {
            scroll = std::min(scroll + window->Size.y * 0.75f, window->ScrollMax.y);
            ImGui::SetScrollY(window, scroll);
            frame(app);
            if (find_button_in_view(app, child, label, at, x_in_row, column_x)) return true;
        }
        return false;
    }
    static ImGuiWindow* child_window(const char* child) {
        ImGuiWindow* window = nullptr;
        // The child itself ("app/canvas_1234ABCD"), not a child of it ("app/canvas_1234ABCD/explanation_...").
        for (ImGuiWindow* w : GImGui->Windows) {
            const std::string name = w->Name;
            const size_t at = name.find(std::string("/") + child + "_");
            if (at != std::string::npos && name.find('/', at + 1) == std::string::npos) window = w;
        }
        return window;
    }
    bool find_button_in_view(ui::App& app, const char* child, const char* label, ImVec2& at, float x_in_row,
                             float column_x) {
        ImGuiWindow* window = child_window(child);
        if (!window) return false;
        const ImGuiID id = window->GetID(label);
        const ImVec2 lo = window->Pos, hi(window->Pos.x + window->Size.x, window->Pos.y + window->Size.y);
        auto hovered = [&](float x, float y) {
            ImGui::GetIO().MousePos = ImVec2(x, y);
            frame(app);
            return GImGui->HoveredId == id;
        };
        const float column = column_x >= 0 ? column_x : lo.x + GImGui->Style.WindowPadding.x + 4;
        for (float y = lo.y + 2; y < hi.y; y += 3) {
            if (x_in_row >= 0) break;
            if (hovered(column, y)) {
                at = ImVec2(column, y);
                return true;
            }
        }
        if (x_in_row < 0) return false;
        for (float x = lo.x + 2; x < hi.x; x += 3) {
            if (hovered(x, x_in_row)) {
                at = ImVec2(x, x_in_row);
                return true;
            }
        }
        return false;
    }
};

}  // namespace strideconv::test
