// The CLI's file system (server/engine/fs.ts CachedFs) answers `kind` and
// `list` from the listings the walk read (noteListing) instead of asking
// the file system again: every answer must be what a stat or readdir gives,
// on a case-insensitive or normalising file system too.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CachedFs } from '../server/engine/fs';
import { tmpDir } from './helpers/tmp';

describe('CachedFs answers from a walk listing', () => {
  it('gives what stat and readdir give: files, folders, links (followed), dangling links, other spellings, missing names', () => {
    const dir = tmpDir('isl-listing-');
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'pandas\n');
    fs.writeFileSync(path.join(dir, 'wf.py'), '');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'link-to-dir'));
    fs.symlinkSync(path.join(dir, 'wf.py'), path.join(dir, 'link-to-file'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    fs.writeFileSync(path.join(dir, 'caf\u00e9.txt'), '');

    const seeded = new CachedFs();
    seeded.noteListing(dir, fs.readdirSync(dir, { withFileTypes: true }));
    const fresh = new CachedFs();
    const names = ['requirements.txt', 'wf.py', 'src', 'link-to-dir', 'link-to-file', 'dangling', 'caf\u00e9.txt', 'REQUIREMENTS.TXT', 'Requirements.txt', 'pyproject.toml', 'uv.lock', 'src/inner.py', '.venv/pyvenv.cfg', 'wf.py/inner', 'dangling/inner'];
    const kinds = names.map((n) => seeded.kind(path.join(dir, n)));
    expect(kinds).toEqual(names.map((n) => fresh.kind(path.join(dir, n))));
    expect(kinds.slice(0, 6)).toEqual(['file', 'file', 'dir', 'dir', 'file', 'missing']);
    expect(kinds[9]).toBe('missing');
    expect(kinds.slice(-3)).toEqual(['missing', 'missing', 'missing']);
    // A relative or unnormalised spelling of a listed path.
    expect(seeded.kind(path.join(dir, 'src', '..', 'wf.py'))).toBe('file');
    expect(seeded.list(dir)).toEqual(fresh.list(dir));
    expect(seeded.list(dir)).toEqual(fs.readdirSync(dir).sort());
  });

  it('leaves a name that a listed one matches but for case, or a non-ASCII name, to the disk (macOS and Windows find them)', () => {
    // A listing as a case-insensitive file system would give it: `Requirements.txt` listed, `requirements.txt` asked for.
    const dir = tmpDir('isl-listing-');
    const other = tmpDir('isl-listing-');
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'pandas\n');
    fs.writeFileSync(path.join(other, 'Requirements.txt'), 'pandas\n');
    const seeded = new CachedFs();
    seeded.noteListing(dir, fs.readdirSync(other, { withFileTypes: true }));
    expect(seeded.kind(path.join(dir, 'requirements.txt'))).toBe('file');
    // An NFC name asked for, an NFD one listed (HFS+).
    fs.writeFileSync(path.join(dir, 'caf\u00e9.txt'), '');
    fs.writeFileSync(path.join(other, 'cafe\u0301.txt'), '');
    const nfd = new CachedFs();
    nfd.noteListing(dir, fs.readdirSync(other, { withFileTypes: true }));
    expect(nfd.kind(path.join(dir, 'caf\u00e9.txt'))).toBe('file');
    // A plainly absent ASCII name is still answered from the listing.
    expect(seeded.kind(path.join(dir, 'uv.lock'))).toBe('missing');
  });

  it('forgets a listing when told a path changed (the language server\'s watched files)', () => {
    const dir = tmpDir('isl-listing-');
    const seeded = new CachedFs();
    seeded.noteListing(dir, fs.readdirSync(dir, { withFileTypes: true }));
    expect(seeded.kind(path.join(dir, 'requirements.txt'))).toBe('missing');
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'pandas\n');
    seeded.invalidate(path.join(dir, 'requirements.txt'));
    expect(seeded.kind(path.join(dir, 'requirements.txt'))).toBe('file');
    expect(seeded.list(dir)).toEqual(['requirements.txt']);
  });
});
