// SPDX-License-Identifier: Apache-2.0
#include "RenderCommand.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include <QGuiApplication>
#include <QImage>
#include <QString>

#include "Arguments.h"
#include "app/canvas/MapRenderer.h"
#include "storage/ProjectFile.h"

namespace tessera::cli {

namespace {

int renderError(const Error& error) {
    std::cerr << "tessera-cli render: " << error.toString() << "\n";
    return error.code == ErrorCode::InvalidArgument ? 2 : 1;
}

Result<QSize> parseSize(const std::string& text) {
    const auto x = text.find('x');
    try {
        if (x != std::string::npos) {
            std::size_t used = 0;
            const int width = std::stoi(text.substr(0, x), &used);
            const bool widthWhole = used == x;
            const int height = std::stoi(text.substr(x + 1), &used);
            if (widthWhole && used == text.size() - x - 1 && width >= 16 && height >= 16 &&
                width <= 16384 && height <= 16384) {
                return QSize(width, height);
            }
        }
    } catch (const std::exception&) {
    }
    return fail(
        ErrorCode::InvalidArgument,
        "--size expects WIDTHxHEIGHT in pixels between 16 and 16384, e.g. 1600x1000; got \"" +
            text + "\"");
}

}  // namespace

int runRender(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"out", "size", "repeat"}, {"no-accounts"});
    if (!args) {
        return renderError(args.error());
    }
    auto out = args->required("out");
    if (!out) {
        return renderError(out.error());
    }
    auto size = parseSize(args->valueOr("size", "1600x1000"));
    if (!size) {
        return renderError(size.error());
    }
    auto repeat = args->integer("repeat", 1);
    if (!repeat || *repeat < 1) {
        return renderError(makeError(ErrorCode::InvalidArgument, "--repeat must be at least 1"));
    }
    if (args->positionals().size() != 1) {
        return renderError(
            makeError(ErrorCode::InvalidArgument, "expected exactly one PROJECT argument"));
    }
    auto project = storage::loadProject(args->positionals()[0]);
    if (!project) {
        return renderError(project.error());
    }
    // Fonts and image writers need a QGuiApplication; no display is needed.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    int argc = 1;
    char name[] = "tessera-cli";
    char* argv[] = {name, nullptr};
    QGuiApplication application(argc, argv);

    render::MapRenderer renderer;
    const render::Viewport viewport = renderer.fittingViewport(*project, *size);
    render::RenderOptions options;
    options.accounts = !args->has("no-accounts");
    QImage image;
    std::vector<double> times;
    for (long long i = 0; i < *repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        image = renderer.render(*project, viewport, options);
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    if (!image.save(QString::fromStdString(*out), "PNG")) {
        return renderError(makeError(ErrorCode::FileUnwritable,
                                     "cannot write the PNG (is the folder there and writable?)",
                                     *out));
    }
    std::sort(times.begin(), times.end());
    const render::RenderStats& stats = renderer.lastStats();
    std::cout << "Rendered " << stats.areasDrawn << " areas and " << stats.accountsDrawn
              << " accounts at " << size->width() << "x" << size->height() << " to " << *out;
    if (*repeat > 1) {
        // The first run also builds the projected geometry cache; later ones are redraws.
        std::vector<double> redraws(times.begin(), times.end());
        std::cout << "; median full redraw " << std::fixed << std::setprecision(1)
                  << redraws[redraws.size() / 2] << " ms over " << *repeat << " runs (min "
                  << redraws.front() << ", max " << redraws.back() << ")";
    } else {
        std::cout << " in " << std::fixed << std::setprecision(1) << times.front() << " ms";
    }
    std::cout << "\n";
    return 0;
}

}  // namespace tessera::cli
