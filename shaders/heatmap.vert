// heatmap.vert -- a full-target triangle with no vertex buffer; v_uv runs 0..1 across the map.
// The platform prepends "#version 300 es" (WebGL2) or "#version 130" (OpenGL 3.0).
out vec2 v_uv;

void main() {
    vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    v_uv = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
