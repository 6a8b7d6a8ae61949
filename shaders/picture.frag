// picture.frag -- one picture of image mode (the input, or a route's output) at true size: values
// per channel from up to three R32F planes, mapped to colour as src/ui/picture.hpp describes.
// Negative values are never clipped to black: the signed maps put zero in the middle.
// The platform prepends the #version line and, for GLSL ES, a precision statement.
uniform sampler2D u_plane0;
uniform sampler2D u_plane1;
uniform sampler2D u_plane2;
uniform int u_channels;      // 1 or 3
uniform int u_map;           // 0 unit, 1 positive, 2 signed per channel, 3 diverging
uniform float u_scale;
uniform vec2 u_size;         // columns, rows
uniform vec3 u_zero;
uniform vec3 u_positive;
uniform vec3 u_negative;

in vec2 v_uv;
out vec4 o_colour;

float finite_or_zero(float v) {
    return (v == v && abs(v) < 3.0e38) ? v : 0.0;
}

void main() {
    // Texture row 0 is picture row 0; ImGui shows texture coordinate 0 at the top.
    ivec2 p = ivec2(min(floor(v_uv * u_size), u_size - 1.0));
    float r = finite_or_zero(texelFetch(u_plane0, p, 0).r);
    vec3 v = vec3(r);
    if (u_channels == 3)
        v = vec3(r, finite_or_zero(texelFetch(u_plane1, p, 0).r), finite_or_zero(texelFetch(u_plane2, p, 0).r));
    float scale = u_scale > 0.0 ? u_scale : 1.0;
    vec3 colour;
    if (u_map == 0) {
        colour = clamp(v, 0.0, 1.0);
    } else if (u_map == 1) {
        colour = clamp(v / scale, 0.0, 1.0);
    } else if (u_map == 2) {
        colour = clamp(0.5 + 0.5 * v / scale, 0.0, 1.0);
    } else {
        float t = clamp(v.r / scale, -1.0, 1.0);
        colour = mix(u_zero, t < 0.0 ? u_negative : u_positive, abs(t));
    }
    o_colour = vec4(colour, 1.0);
}
