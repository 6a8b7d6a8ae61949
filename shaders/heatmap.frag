// heatmap.frag -- one grid of values (input or feature map) coloured with the diverging map in
// which zero is neutral, cell borders, and the cell roles of the lesson: padding, skipped or
// dropped by the floor (dimmed and hatched), not yet computed (blank).
// The platform prepends the #version line and, for GLSL ES, a precision statement.
uniform sampler2D u_values;   // R32F, one texel per cell
uniform sampler2D u_roles;    // R8: 0 visited, 1 skipped, 2 dropped, 3 padding, 4 not yet written
uniform vec2 u_cells;         // columns, rows
uniform float u_max_abs;      // value mapped to full colour
uniform vec3 u_zero;
uniform vec3 u_positive;
uniform vec3 u_negative;
uniform vec3 u_padding;
uniform vec3 u_grid;
uniform vec3 u_dropped;
uniform vec3 u_skipped;
uniform vec3 u_future;

in vec2 v_uv;
out vec4 o_colour;

void main() {
    // Texture row 0 is grid row 0; ImGui shows texture coordinate 0 at the top of the image.
    vec2 cell = v_uv * u_cells;
    ivec2 index = ivec2(min(floor(cell), u_cells - 1.0));
    float value = texelFetch(u_values, index, 0).r;
    int role = int(texelFetch(u_roles, index, 0).r * 255.0 + 0.5);

    float t = u_max_abs > 0.0 ? clamp(value / u_max_abs, -1.0, 1.0) : 0.0;
    vec3 colour = mix(u_zero, t < 0.0 ? u_negative : u_positive, sqrt(abs(t)));
    float stripe = fract((cell.x + cell.y) * 2.5);
    if (role == 1 || role == 2) {
        colour *= 0.42;
        if (stripe < 0.18) colour = role == 2 ? u_dropped : u_skipped;
    } else if (role == 3) {
        colour = mix(u_padding, colour, 0.35);
        if (stripe < 0.12) colour = u_grid;
    } else if (role == 4) {
        colour = u_future;
    }

    // One-pixel cell borders, whatever the scale.
    vec2 f = fract(cell);
    vec2 width = fwidth(cell);
    if (f.x < width.x || f.y < width.y) colour = u_grid;
    o_colour = vec4(colour, 1.0);
}
