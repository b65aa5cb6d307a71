#!/usr/bin/env node
'use strict';
require('../dist/server/cli/main.js').run(process.argv.slice(2));
