// Makes the fast-check properties of the test run reproducible: one fixed seed unless FAST_CHECK_SEED
// names another (set it to explore new inputs; a failure prints its seed and path to replay it).
'use strict';
const fc = require('fast-check');

const seed = process.env.FAST_CHECK_SEED === undefined ? 20261201 : Number(process.env.FAST_CHECK_SEED);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
