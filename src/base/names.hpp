// names.hpp -- an enum's names in links, state JSON and notices, written once as a table.
//
// Usage:
//   inline constexpr base::Name<Theme> kThemeNames[] = {{Theme::dark, "dark"}, {Theme::light, "light"}};
//   base::name_of(kThemeNames, Theme::light)   // "light"
//   base::value_named(kThemeNames, "dark")     // Theme::dark; nullopt for a name not in the table
//   base::names_list(kThemeNames)              // "dark or light" (for "expected ..." notices)
// An alias (accepted when read, never written or listed) follows the name it stands for.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strideconv::base {

template <class E>
struct Name {
    E value;
    const char* text;
    bool alias = false;
};

// The value's name: the first entry for it that is not an alias ("" if the table has none).
template <class E, size_t N>
const char* name_of(const Name<E> (&table)[N], E value) {
    for (const Name<E>& n : table)
        if (n.value == value && !n.alias) return n.text;
    return "";
}

template <class E, size_t N>
std::optional<E> value_named(const Name<E> (&table)[N], std::string_view text) {
    for (const Name<E>& n : table)
        if (text == n.text) return n.value;
    return std::nullopt;
}

// "a, b or c": the names (not the aliases) in table order.
template <class E, size_t N>
std::string names_list(const Name<E> (&table)[N]) {
    std::string out;
    size_t left = 0;
    for (const Name<E>& n : table) left += !n.alias;
    for (const Name<E>& n : table) {
        if (n.alias) continue;
        out += n.text;
        --left;
        if (left > 1) out += ", ";
        else if (left == 1) out += " or ";
    }
    return out;
}

}  // namespace strideconv::base
