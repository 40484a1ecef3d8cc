#!/usr/bin/env node
'use strict';
// Registers tsx so the TypeScript sources run without a build step.
require('tsx/cjs');
require('../src/cli.ts');
