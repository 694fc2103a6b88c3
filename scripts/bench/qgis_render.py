#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The peer of `tessera-cli render`: QGIS (Debian's python3-qgis) renders the same layers of a
Tessera project (it is a GeoPackage) to an image of the same size, headless, and prints the
median full-render time. Areas filled by territory (categorized, one colour per territory),
area boundaries, dissolved territory outlines drawn thicker, territory names as labels, every
account as a point marker -- the layers of Tessera's territory map.

Usage: qgis_render.py PROJECT.tessera --out F.png [--size 1600x1000] [--repeat 5] [--no-labels]
"""
import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,
                       QgsCoordinateTransform, QgsFillSymbol, QgsMapRendererParallelJob,
                       QgsMapRendererSequentialJob, QgsMapSettings, QgsMarkerSymbol,
                       QgsPalLayerSettings, QgsProject, QgsRendererCategory, QgsTextFormat,
                       QgsTextBufferSettings, QgsVectorLayer, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-labels", action="store_true")
    parser.add_argument("--sequential", action="store_true",
                        help="one thread (QgsMapRendererSequentialJob) instead of the parallel job")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = QgsApplication([], False)
    app.initQgis()

    def layer(name):
        result = QgsVectorLayer(f"{args.project}|layername={name}", name, "ogr")
        if not result.isValid():
            sys.exit(f"qgis_render.py: cannot open layer {name} of {args.project}")
        return result

    areas, territories, accounts = layer("areas"), layer("territories"), layer("accounts")

    # Areas: one colour per territory, thin grey boundaries.
    categories = []
    values = sorted({f["territory"] for f in areas.getFeatures() if f["territory"] is not None})
    for i, value in enumerate(values):
        symbol = QgsFillSymbol.createSimple({
            "color": QColor.fromHsv((i * 137) % 360, 90, 235).name(),
            "outline_color": "80,80,80,90", "outline_width": "0.1"})
        categories.append(QgsRendererCategory(value, symbol, str(value)))
    areas.setRenderer(QgsCategorizedSymbolRenderer("territory", categories))
    # Territory outlines, thicker, no fill.
    territories.setRenderer(territories.renderer().clone())
    territories.renderer().setSymbol(QgsFillSymbol.createSimple({
        "style": "no", "outline_color": "38,38,38", "outline_width": "0.5"}))
    if not args.no_labels:
        settings = QgsPalLayerSettings()
        settings.fieldName = "name"
        text = QgsTextFormat()
        text.setSize(8.5)
        buffer = QgsTextBufferSettings()
        buffer.setEnabled(True)
        text.setBuffer(buffer)
        settings.setFormat(text)
        territories.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        territories.setLabelsEnabled(True)
    # Accounts: small dots.
    accounts.renderer().setSymbol(QgsMarkerSymbol.createSimple({
        "name": "circle", "color": "32,42,68,176", "outline_style": "no", "size": "0.8"}))
    for item in (areas, territories, accounts):
        QgsProject.instance().addMapLayer(item)

    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    settings = QgsMapSettings()
    settings.setLayers([accounts, territories, areas])  # top first
    settings.setDestinationCrs(mercator)
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(236, 240, 243))
    transform = QgsCoordinateTransform(areas.crs(), mercator, QgsProject.instance())
    settings.setExtent(transform.transformBoundingBox(areas.extent()))

    job_class = QgsMapRendererSequentialJob if args.sequential else QgsMapRendererParallelJob
    times = []
    cpu_times = []  # process CPU time of all threads: meaningful on a busy machine too
    image = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        cpu_start = time.process_time()
        job = job_class(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        cpu_times.append((time.process_time() - cpu_start) * 1000.0)
        times.append((time.perf_counter() - start) * 1000.0)
    image.save(args.out, "PNG")
    print(f"QGIS {'sequential' if args.sequential else 'parallel'} render at {width}x{height}: "
          f"median {statistics.median(times):.1f} ms over {args.repeat} runs "
          f"(min {min(times):.1f}, max {max(times):.1f}), median CPU "
          f"{statistics.median(cpu_times):.1f} ms, to {args.out}")
    app.exitQgis()


if __name__ == "__main__":
    main()
