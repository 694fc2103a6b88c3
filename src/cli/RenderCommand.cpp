// SPDX-License-Identifier: Apache-2.0
#include "RenderCommand.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <memory>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QString>

#include "Arguments.h"
#include "app/canvas/MapRenderer.h"
#include "app/canvas/MbtilesBasemap.h"
#include "io/AreaReader.h"
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

/// The offline state outlines shipped in data/sample, as the canvas shows them.
Result<std::vector<MultiPolygon>> loadBasemapFile() {
    io::AreaImportOptions options;
    options.layer = "states";
    auto read = io::readAreas(TESSERA_BASEMAP_FILE, options);
    if (!read) {
        return fail(read.error());
    }
    std::vector<MultiPolygon> shapes;
    for (Area& area : read->areas) {
        shapes.push_back(std::move(area.shape));
    }
    return shapes;
}

}  // namespace

int runRender(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"out", "size", "repeat", "fill", "classes", "mbtiles"},
                                 {"no-accounts", "no-cluster", "no-lod", "no-labels", "no-basemap",
                                  "interactive", "verbose"});
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
    options.clusterAbove = args->has("no-cluster") ? 0 : options.clusterAbove;
    options.levelOfDetail = !args->has("no-lod");
    options.territoryLabels = !args->has("no-labels");
    options.basemap = !args->has("no-basemap");
    const std::string fill = args->valueOr("fill", "territory");
    if (fill != "territory") {
        options.fill = render::AreaFill::Metric;
        options.legend = true;
        if (fill == "potential") {
            options.metric = render::AreaMetric::Potential;
        } else if (fill == "accounts") {
            options.metric = render::AreaMetric::Accounts;
        } else if (fill == "workload") {
            options.metric = render::AreaMetric::Workload;
        } else if (fill == "sales") {
            options.metric = render::AreaMetric::Sales;
        } else {
            return renderError(makeError(
                ErrorCode::InvalidArgument,
                "--fill expects territory, potential, accounts, workload or sales; got \"" + fill +
                    "\""));
        }
    }
    auto classes = args->integer("classes", 5);
    if (!classes || *classes < 2 || *classes > 9) {
        return renderError(makeError(ErrorCode::InvalidArgument, "--classes must be 2 to 9"));
    }
    options.classes = static_cast<int>(*classes);
    if (!options.basemap) {
        // nothing to load
    } else if (auto basemap = loadBasemapFile(); basemap) {
        renderer.setBasemap(std::move(*basemap));
    } else {
        std::cerr << "tessera-cli render: no basemap (" << basemap.error().toString() << ")\n";
    }
    if (args->has("mbtiles")) {
        // As the canvas shows it: the tiles under see-through fills, no state land.
        auto basemap = render::MbtilesBasemap::open(args->valueOr("mbtiles", ""));
        if (!basemap) {
            return renderError(basemap.error());
        }
        options.rasterBasemap = std::move(*basemap);
        options.basemap = false;
        options.areaFillAlpha = 140;
    }
    QImage image;
    std::vector<double> times;
    std::vector<double> cpuTimes;  // process CPU time: meaningful on a busy machine too
    std::vector<std::array<double, 4>> layerTimes;  // per run: thread CPU time of each layer
    std::vector<double> compositeTimes;
    std::vector<std::array<double, 2>> threadTimes;  // per run: the calling thread, the helper
    for (long long i = 0; i < *repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        image = renderer.render(*project, viewport, options);
        layerTimes.push_back(renderer.lastStats().layerCpuMilliseconds);
        compositeTimes.push_back(renderer.lastStats().compositeCpuMilliseconds);
        threadTimes.push_back(renderer.lastStats().threadCpuMilliseconds);
        cpuTimes.push_back(1000.0 * static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC);
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(cpuTimes.begin(), cpuTimes.end());
    if (!image.save(QString::fromStdString(*out), "PNG")) {
        return renderError(makeError(ErrorCode::FileUnwritable,
                                     "cannot write the PNG (is the folder there and writable?)",
                                     *out));
    }
    std::sort(times.begin(), times.end());
    const render::RenderStats stats = renderer.lastStats();
    if (args->has("interactive")) {
        // What the canvas paints for each pan/zoom frame before the new render arrives: the
        // cached image moved and scaled (smoothly) onto a window-sized surface.
        QImage frame(image.size(), QImage::Format_ARGB32_Premultiplied);
        frame.setDevicePixelRatio(image.devicePixelRatio());
        std::vector<double> frames;
        for (long long i = 0; i < std::max<long long>(*repeat, 20); ++i) {
            const double zoom = 1.0 + 0.02 * static_cast<double>(i % 10);
            const auto start = std::chrono::steady_clock::now();
            QPainter painter(&frame);
            painter.fillRect(QRect(QPoint(0, 0), *size), options.background);
            painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
            const QSizeF scaled = QSizeF(*size) * zoom;
            painter.drawImage(QRectF(QPointF(-(scaled.width() - size->width()) / 2.0 + i % 7,
                                             -(scaled.height() - size->height()) / 2.0),
                                     scaled),
                              image);
            painter.end();
            frames.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
        }
        std::sort(frames.begin(), frames.end());
        std::cout << "Interactive frame (cached image moved and scaled): median " << std::fixed
                  << std::setprecision(2) << frames[frames.size() / 2] << " ms over "
                  << frames.size() << " frames\n";
    }
    std::cout << "Rendered " << stats.areasDrawn << " areas (" << stats.verticesDrawn
              << " vertices, detail band " << stats.levelOfDetail << ") and " << stats.accountsDrawn
              << " accounts";
    if (stats.clustersDrawn > 0) {
        std::cout << " (" << stats.clustersDrawn << " clusters)";
    }
    std::cout << " at " << size->width() << "x" << size->height() << " to " << *out;
    if (*repeat > 1) {
        // The first run also builds the projected geometry cache; later ones are redraws.
        std::vector<double> redraws(times.begin(), times.end());
        std::cout << "; median full redraw " << std::fixed << std::setprecision(1)
                  << redraws[redraws.size() / 2] << " ms over " << *repeat << " runs (min "
                  << redraws.front() << ", max " << redraws.back() << "), median CPU "
                  << cpuTimes[cpuTimes.size() / 2] << " ms";
    } else {
        std::cout << " in " << std::fixed << std::setprecision(1) << times.front() << " ms";
    }
    std::cout << "\n";
    if (args->has("verbose")) {
        // Median CPU time per layer (summed over the threads that painted a part of it), and
        // of each of the two parts a redraw is shared between: on an idle machine with two
        // cores the redraw takes about the larger part.
        const auto median = [](std::vector<double> values) {
            std::sort(values.begin(), values.end());
            return values[values.size() / 2];
        };
        const auto minimum = [](const std::vector<double>& values) {
            return *std::min_element(values.begin(), values.end());
        };
        for (std::size_t layer = 0; layer < render::RenderStats::layerNames().size(); ++layer) {
            std::vector<double> values;
            for (const auto& run : layerTimes) {
                values.push_back(run[layer]);
            }
            std::cout << "  layer " << render::RenderStats::layerNames()[layer] << ": median CPU "
                      << std::fixed << std::setprecision(1) << median(values) << " ms (min "
                      << minimum(values) << ")\n";
        }
        std::cout << "  compositing: median CPU " << median(compositeTimes) << " ms (min "
                  << minimum(compositeTimes) << ")\n";
        std::vector<double> caller;
        std::vector<double> helper;
        std::vector<double> slower;
        for (const auto& run : threadTimes) {
            caller.push_back(run[0]);
            helper.push_back(run[1]);
            slower.push_back(std::max(run[0], run[1]));
        }
        std::cout << "  lower part, calling thread (background, land, first areas, compositing): "
                     "median CPU "
                  << median(caller) << " ms (min " << minimum(caller)
                  << ")\n  upper part, helper thread (other areas, state lines, outlines, "
                     "accounts, labels): median CPU "
                  << median(helper) << " ms (min " << minimum(helper)
                  << ")\n  critical path (the larger part): median CPU " << median(slower)
                  << " ms (min " << minimum(slower) << ")\n";
    }
    return 0;
}

}  // namespace tessera::cli
