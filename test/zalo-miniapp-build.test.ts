import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildZaloMiniApp,
  checkZaloMiniAppOutput,
  ZALO_MINI_APP_DIR,
  zaloMiniAppInstalled,
} from '../scripts/zalo-miniapp.js';

const PUBLIC_URL = 'https://tas-check.example.vn';
const tmp: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tas-zalo-'));
  tmp.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/** A package laid out the way zmp-vite-plugin writes one, then bent by `change`. */
function fakeOutput(
  change: (files: Record<string, string>, config: Record<string, unknown>) => void = () => {},
): string {
  const dir = tempDir();
  const files: Record<string, string> = {
    'assets/index.abc.module.js': `fetch("${PUBLIC_URL}/app")`,
    'assets/vendor.def.module.js': 'export {}',
    'assets/index.ghi.css': 'p{}',
    'index.html': '<!doctype html>',
  };
  const config: Record<string, unknown> = {
    app: { title: 'Tin An Sinh' },
    listCSS: ['assets/index.ghi.css'],
    listSyncJS: ['assets/index.abc.module.js'],
    listAsyncJS: ['assets/vendor.def.module.js'],
  };
  change(files, config);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  writeFileSync(path.join(dir, 'app-config.json'), JSON.stringify(config));
  return dir;
}
const english = (dir: string, publicUrl?: string) => checkZaloMiniAppOutput(dir, { publicUrl }).map((p) => p.en);

describe('the Zalo Mini App output check', () => {
  test('accepts a package whose lists name every built script and stylesheet', () => {
    expect(english(fakeOutput(), PUBLIC_URL)).toEqual([]);
  });

  test('refuses a folder without app-config.json (not what zmp deploy uploads)', () => {
    expect(english(tempDir())).toEqual([expect.stringContaining('app-config.json is missing')]);
  });

  test('refuses a listed file that is not in the build, and an absolute path', () => {
    const dir = fakeOutput((_, c) => {
      c.listSyncJS = ['assets/gone.module.js', '/assets/index.abc.module.js'];
    });
    expect(english(dir)).toEqual(
      expect.arrayContaining([
        'listSyncJS: "assets/gone.module.js" is not in the build.',
        'listSyncJS: "/assets/index.abc.module.js" must be a relative path.',
        expect.stringContaining('"assets/index.abc.module.js" would be uploaded but no list'),
      ]),
    );
  });

  test('refuses an empty listSyncJS and a missing title', () => {
    const dir = fakeOutput((f, c) => {
      delete f['assets/index.abc.module.js'];
      c.listSyncJS = [];
      c.app = {};
    });
    expect(english(dir)).toEqual([
      'app-config.json has no app.title.',
      'listSyncJS is empty: Zalo would load no script.',
    ]);
  });

  test('refuses a file above the 3 MB upload limit', () => {
    const dir = fakeOutput((f) => {
      f['assets/index.abc.module.js'] += `//${'x'.repeat(3 * 1024 * 1024)}`;
    });
    expect(english(dir)).toEqual(['"assets/index.abc.module.js" is larger than 3 MB; zmp deploy would refuse it.']);
  });

  test('refuses a build that does not carry the server address', () => {
    expect(english(fakeOutput(), 'https://other.example.vn')).toEqual([
      "No listSyncJS file carries the server's address https://other.example.vn (VITE_TAS_PUBLIC_URL).",
    ]);
  });
});

test('miniapp/zalo is a zmp project: zmp start / deploy stop with "This is not ZMP project" without zmp-cli.json', () => {
  const project = JSON.parse(readFileSync(path.join(ZALO_MINI_APP_DIR, 'zmp-cli.json'), 'utf8')) as { name?: string };
  expect(project.name).toBe('tin-an-sinh-zalo-mini-app');
});

// The package's own node_modules are installed apart from the root project (CI stays green on a clean clone).
const installed = zaloMiniAppInstalled();
const whenInstalled = installed ? describe : describe.skip;
if (!installed) {
  process.stderr.write(
    'zalo-miniapp-build: bỏ qua bản dựng thật vì miniapp/zalo/node_modules chưa được cài (chạy `npm ci` trong miniapp/zalo). / ' +
      'skipping the real build: miniapp/zalo/node_modules is not installed (run `npm ci` in miniapp/zalo).\n',
  );
}

whenInstalled(
  `the real Zalo Mini App build${installed ? '' : ' (SKIPPED: miniapp/zalo/node_modules is not installed)'}`,
  () => {
    test('builds with zmp-vite-plugin into a package zmp deploy can upload', () => {
      const outDir = tempDir();
      const built = buildZaloMiniApp({ outDir, publicUrl: PUBLIC_URL });
      expect(built.output).not.toMatch(/error/i);
      expect(built.ok).toBe(true);
      expect(checkZaloMiniAppOutput(outDir, { publicUrl: PUBLIC_URL })).toEqual([]);

      const config = JSON.parse(readFileSync(path.join(outDir, 'app-config.json'), 'utf8')) as { listSyncJS: string[] };
      const scripts = readdirSync(path.join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
      expect(config.listSyncJS).toEqual([expect.stringMatching(/^assets\/index\.[\w-]+\.module\.js$/)]);
      expect(scripts.length).toBeGreaterThan(0);
    }, 120_000);

    test('refuses to build without an https PUBLIC_URL', () => {
      const outDir = tempDir();
      const built = buildZaloMiniApp({ outDir, publicUrl: 'http://insecure.example.vn' });
      expect(built.ok).toBe(false);
      expect(built.output).toContain('VITE_TAS_PUBLIC_URL must be the service');
      expect(readdirSync(outDir)).toEqual([]);
    }, 120_000);
  },
);
