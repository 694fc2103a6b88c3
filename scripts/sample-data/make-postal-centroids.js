// SPDX-License-Identifier: Apache-2.0
// Builds data/geocoding/postal-centroids-us.csv from vega-datasets' zipcodes.csv (GeoNames US
// postal codes, CC BY 4.0) in the gazetteer format Tessera reads for every country:
//   country,postal_code,longitude,latitude,place,admin1
// Usage: node make-postal-centroids.js ZIPCODES.csv OUT.csv
'use strict';
const fs = require('fs');

const [input, output] = process.argv.slice(2);
const rows = fs.readFileSync(input, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
const header = rows.shift().split(',');
const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${input}: no column ${name}`);
    return i;
};
const [zip, lat, lon, city, state] =
    ['zip_code', 'latitude', 'longitude', 'city', 'state'].map(col);
const quote = (t) => (/[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t);
const out = ['country,postal_code,longitude,latitude,place,admin1'];
for (const line of rows) {
    const f = line.split(',');  // the source has no quoted fields
    out.push(['US', f[zip].padStart(5, '0'), Number(f[lon]).toFixed(5),
              Number(f[lat]).toFixed(5), quote(f[city]), f[state]].join(','));
}
fs.writeFileSync(output, out.join('\n') + '\n');
console.log(`wrote ${out.length - 1} postal codes to ${output}`);
