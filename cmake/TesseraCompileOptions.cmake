# SPDX-License-Identifier: Apache-2.0
# Warning and sanitizer settings for Tessera's own targets. Third-party headers (Boost, Qt,
# GDAL) are included as system headers, so their warnings never fail our build.

add_library(tessera_compile_options INTERFACE)
add_library(tessera::compile_options ALIAS tessera_compile_options)

target_compile_options(tessera_compile_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # g++ 12 reports false -Wmaybe-uninitialized from inside Boost.Geometry's templates at -O1
    # and above (the warning is attributed to our translation unit, not to the system header).
    target_compile_options(tessera_compile_options INTERFACE -Wno-maybe-uninitialized)
endif()
if(TESSERA_WERROR)
    target_compile_options(tessera_compile_options INTERFACE -Werror)
endif()

if(TESSERA_SANITIZE)
    target_compile_options(tessera_compile_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(tessera_compile_options INTERFACE -fsanitize=address,undefined)
endif()
