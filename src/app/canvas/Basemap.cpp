// SPDX-License-Identifier: Apache-2.0
#include "Basemap.h"

#include <QFile>
#include <QTemporaryDir>

#include <fstream>

#include "io/AreaReader.h"

namespace tessera::app {

Result<std::vector<MultiPolygon>> loadBundledBasemap() {
    QFile resource(QStringLiteral(":/basemap/us-states-10m.json"));
    if (!resource.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::FileUnreadable,
                    "the bundled basemap is missing from the resources (build problem)",
                    ":/basemap/us-states-10m.json");
    }
    const QByteArray bytes = resource.readAll();
    // GDAL reads files, not Qt resources: a private temporary copy.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        return fail(ErrorCode::FileUnwritable,
                    "cannot create a temporary folder for the basemap (is TMPDIR writable?)");
    }
    const std::string path = dir.filePath(QStringLiteral("us-states-10m.json")).toStdString();
    {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.constData(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            return fail(ErrorCode::FileUnwritable, "cannot write the basemap copy", path);
        }
    }
    io::AreaImportOptions options;
    options.layer = "states";
    auto read = io::readAreas(path, options);
    if (!read) {
        return fail(read.error());
    }
    std::vector<MultiPolygon> shapes;
    shapes.reserve(read->areas.size());
    for (Area& area : read->areas) {
        shapes.push_back(std::move(area.shape));
    }
    return shapes;
}

}  // namespace tessera::app
