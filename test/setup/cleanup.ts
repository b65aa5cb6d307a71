// Runs in every test file (vitest setupFiles): the temp folders the file's
// tests made through test/helpers/tmp.ts are removed when it ends, whether
// its tests passed or failed. Registered first, so it runs after the file's
// own afterAll hooks (language servers stopped, servers closed).

import { afterAll } from 'vitest';
import { removeTmpDirs } from '../helpers/tmp';

afterAll(() => removeTmpDirs());
