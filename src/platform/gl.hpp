// gl.hpp -- GLFW with the GL API of the target: OpenGL 3 natively, WebGL2 (OpenGL ES 3) on the
// web. CMake defines GLFW_INCLUDE_ES3 for the web build and GLFW_INCLUDE_GLEXT with
// GL_GLEXT_PROTOTYPES natively, so this file needs no #if.
#pragma once

#include <GLFW/glfw3.h>
