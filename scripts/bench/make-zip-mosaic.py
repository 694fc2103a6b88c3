#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Scales real ZIP polygons up to a national-size layer for render benchmarks: the 282
Connecticut ZCTA polygons of ../shared/data (Census TIGER 2010), simplified with GDAL
(SimplifyPreserveTopology, default 0.0002 degrees, about 20 m), replicated on a grid of tiles
(default 12 x 10 = 120 copies = 33,840 areas) shifted by the state's extent across the US.
Codes get the tile number as suffix. Writes a GeoPackage layer "zips".

Usage: make-zip-mosaic.py OUT.gpkg [--source ct_zcta2010.geojson] [--columns 12] [--rows 10]
"""
import argparse
import os

from osgeo import ogr, osr

ogr.UseExceptions()

parser = argparse.ArgumentParser()
parser.add_argument("out")
here = os.path.dirname(os.path.abspath(__file__))
parser.add_argument("--source", default=os.path.join(
    here, "..", "..", "..", "shared", "data", "us", "ct_zcta2010.geojson"))
parser.add_argument("--columns", type=int, default=12)
parser.add_argument("--rows", type=int, default=10)
parser.add_argument("--tolerance", type=float, default=0.0002)
args = parser.parse_args()

source = ogr.Open(args.source)
layer = source.GetLayer(0)
minx, maxx, miny, maxy = layer.GetExtent()
width, height = maxx - minx, maxy - miny
shapes = []
for feature in layer:
    geometry = feature.GetGeometryRef().SimplifyPreserveTopology(args.tolerance)
    shapes.append((feature.GetField("ZCTA5CE10"), geometry.ExportToWkb()))

driver = ogr.GetDriverByName("GPKG")
if os.path.exists(args.out):
    driver.DeleteDataSource(args.out)
out = driver.CreateDataSource(args.out)
wgs84 = osr.SpatialReference()
wgs84.ImportFromEPSG(4326)
wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
zips = out.CreateLayer("zips", wgs84, ogr.wkbMultiPolygon)
zips.CreateField(ogr.FieldDefn("zcta", ogr.OFTString))
zips.CreateField(ogr.FieldDefn("tile", ogr.OFTInteger))
zips.StartTransaction()
tile = 0
for row in range(args.rows):
    for column in range(args.columns):
        dx = -120.0 + column * width - minx
        dy = 30.0 + row * height - miny
        for code, wkb in shapes:
            geometry = ogr.CreateGeometryFromWkb(wkb)
            geometry = ogr.ForceToMultiPolygon(geometry)
            for p in range(geometry.GetGeometryCount()):
                polygon = geometry.GetGeometryRef(p)
                for r in range(polygon.GetGeometryCount()):
                    ring = polygon.GetGeometryRef(r)
                    for i in range(ring.GetPointCount()):
                        x, y = ring.GetX(i), ring.GetY(i)
                        ring.SetPoint_2D(i, x + dx, y + dy)
            feature = ogr.Feature(zips.GetLayerDefn())
            feature.SetField("zcta", f"{code}-{tile}")
            feature.SetField("tile", tile)
            feature.SetGeometry(geometry)
            zips.CreateFeature(feature)
        tile += 1
zips.CommitTransaction()
print(f"{args.out}: {zips.GetFeatureCount()} areas ({len(shapes)} ZCTAs x {tile} tiles)")
