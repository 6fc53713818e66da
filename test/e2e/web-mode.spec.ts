import { test, expect, startServe, watchProblems } from './fixtures';
import { appInfoOverSocket, keepScreenshot, languageButton, upgradeStatus } from './helpers';

test.describe('web mode', () => {
  test('loads with no console errors, no page errors and no CSP violations', async ({ page, server, problems }, testInfo) => {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'Welcome', level: 1 })).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText('Web mode');
    // The token is taken out of the address bar once the page has read it.
    expect(page.url()).toBe(`${server.origin}/`);
    await keepScreenshot(page, testInfo, 'web-welcome-en-light');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('sends the CSP and hardening headers with the page', async ({ page, server }) => {
    const response = await page.goto(server.url);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(headers['content-security-policy']).toContain("script-src 'self';");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  test('the experiment list shows from the data embedded in the page, before any reply (issue 15)', async ({ page, server }) => {
    // The socket is answered by nothing: whatever the page shows of the list came with the page.
    const asked: string[] = [];
    await page.routeWebSocket(/\/ws/, (ws) => {
      ws.onMessage((raw) => void asked.push((JSON.parse(String(raw)) as { name: string }).name));
    });
    await page.goto(server.url);
    const list = page.getByRole('region', { name: /^(Experiments|实验)$/ });
    await expect(list.getByRole('button', { name: /Concise linear regression/ })).toBeVisible();
    // It still asks, so a server rebuilt since the page was served has the last word.
    await expect.poll(() => asked).toContain('experiments.list');
    await list.getByRole('button', { name: /Concise linear regression/ }).click();
    await expect(page.getByRole('heading', { name: /Concise linear regression/, level: 1 })).toBeVisible();
  });

  test('exposes no Node or Electron globals; the contract works over the WebSocket', async ({ page, server }) => {
    await page.goto(server.url);
    await expect(page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /Concise linear regression/ })).toBeVisible();
    const globals = await page.evaluate(() => ({
      workbench: typeof (window as unknown as { workbench?: unknown }).workbench,
      require: typeof (globalThis as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ workbench: 'undefined', require: 'undefined', process: 'undefined' });
  });

  test('status bar shows the engine backend label and the data directory', async ({ page, server }) => {
    const info = await appInfoOverSocket(server.origin, server.port, server.token);
    await page.goto(server.url);
    const status = page.getByRole('contentinfo');
    await expect(status).toContainText(info.backend.label);
    await expect(status).toContainText(server.dataDir);
    expect(info.dataDir).toBe(server.dataDir);
    expect(info.mode).toBe('web');
  });

  test('WORKBENCH_BACKEND=wasm and =ts are what the status bar names', async ({ page }) => {
    for (const [backend, label] of [['wasm', /^WebAssembly (relaxed )?SIMD$/], ['ts', /^TypeScript$/]] as const) {
      const served = await startServe([], { env: { WORKBENCH_BACKEND: backend } });
      try {
        const info = await appInfoOverSocket(served.origin, served.port, served.token);
        expect(info.backend.name).toBe(backend);
        expect(info.backend.label).toMatch(label);
        await page.goto(served.url);
        await expect(page.getByRole('contentinfo')).toContainText(info.backend.label);
      } finally {
        await served.stop();
      }
    }
  });

  test('lists the catalog experiments grouped by chapter and opens one as a panel with its form', async ({ page, problems }, testInfo) => {
    // Its own server: the shared one may hold runs that other tests in this worker saved, and this
    // test checks what an empty data folder shows.
    const own = await startServe();
    try {
    await page.goto(own.url);
    const nav = page.getByRole('navigation', { name: 'Workbench sections' });
    const chapter3 = nav.getByRole('region', { name: 'Experiments' }).getByRole('group', { name: /Linear Neural Networks/ });
    const chapter4 = nav.getByRole('region', { name: 'Experiments' }).getByRole('group', { name: /Multilayer Perceptrons/ });
    // In book order within each chapter; the catalog grows, so check the order of the ones we know.
    // The first screen shows before the experiment list arrives: wait for it.
    await expect(chapter3.getByRole('button', { name: /Concise linear regression/ })).toBeVisible();
    await expect(chapter4.getByRole('button', { name: /Weight decay/ })).toBeVisible();
    const ch3 = await chapter3.getByRole('button').allInnerTexts();
    expect(ch3.findIndex((x) => /3\.2\s*Linear regression from scratch/.test(x))).toBeLessThan(ch3.findIndex((x) => /3\.3\s*Concise linear regression/.test(x)));
    const ch4 = await chapter4.getByRole('button').allInnerTexts();
    expect(ch4.findIndex((x) => /4\.4\s*Polynomial regression/.test(x))).toBeLessThan(ch4.findIndex((x) => /4\.5\s*Weight decay/.test(x)));
    // Both languages' titles are listed.
    await expect(chapter3.getByRole('button', { name: /Concise linear regression/ })).toContainText('线性回归的简洁实现');

    await nav.getByRole('region', { name: 'Experiments' }).getByRole('button', { name: /Concise linear regression/ }).click();
    await expect(nav.getByRole('region', { name: 'Experiments' }).getByRole('button', { name: /Concise linear regression/ })).toHaveAttribute('aria-current', 'true');
    const card = page.getByRole('article', { name: 'Concise linear regression' });
    await expect(card.getByText('nn.Sequential(nn.Linear(2, 1)), MSELoss and SGD')).toBeVisible();
    const form = card.getByRole('form', { name: 'Hyperparameters' });
    await expect(form.getByRole('textbox', { name: 'Epochs' })).toHaveValue('3');
    await expect(form.getByRole('textbox', { name: 'Learning rate' })).toHaveValue('0.03');
    await expect(form.getByText('0 < x ≤ 1000 · book: 0.03')).toBeVisible();
    await expect(form.getByRole('textbox', { name: 'Seed' })).toHaveValue('42');
    await expect(card.getByText('d2l-workbench train linreg-concise')).toBeVisible();
    await keepScreenshot(page, testInfo, 'web-experiment-en-light');

    // Runs says what will appear there, without inventing entries.
    await expect(nav.getByText(/No saved runs yet/)).toBeVisible();
    expect(problems.consoleErrors).toEqual([]);
    } finally {
      await own.stop();
    }
  });

  test('welcome tiles open an experiment and sidebar sections collapse', async ({ page, server }) => {
    await page.goto(server.url);
    await page.getByRole('main').getByRole('button', { name: /Weight decay/ }).click();
    await expect(page.getByRole('article', { name: 'Weight decay' }).getByRole('textbox', { name: 'Weight decay λ' })).toHaveValue('3');
    const experiments = page.getByRole('button', { name: 'Experiments', exact: true });
    await expect(experiments).toHaveAttribute('aria-expanded', 'true');
    await experiments.click();
    await expect(experiments).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /Weight decay/ })).toBeHidden();
    await experiments.click();
    await expect(page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /Weight decay/ })).toBeVisible();
  });

  test('switches the UI to Chinese and back, and remembers the choice', async ({ page, server, problems }, testInfo) => {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await expect(languageButton(page, 'English')).toHaveAttribute('aria-pressed', 'true');

    await languageButton(page, '中文').click();
    await expect(page.getByRole('heading', { name: '欢迎' })).toBeVisible();
    await expect(page.getByRole('button', { name: '实验' })).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText('计算后端');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(languageButton(page, '中文')).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /线性回归的简洁实现/ }).click();
    await expect(page.getByRole('article', { name: '线性回归的简洁实现' }).getByRole('textbox', { name: '学习率' })).toHaveValue('0.03');
    await expect(page.getByRole('article', { name: '线性回归的简洁实现' }).getByRole('button', { name: /^训练/ })).toBeEnabled();
    await keepScreenshot(page, testInfo, 'web-experiment-zh-light');

    // Reload: the token was kept for this tab and the language choice was remembered.
    await page.reload();
    await expect(page.getByRole('heading', { name: '欢迎' })).toBeVisible();

    await languageButton(page, 'English').click();
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Experiments' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(problems.consoleErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('toggles a dark theme and remembers it', async ({ page, server }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url);
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 27)');

    await page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /Concise linear regression/ }).click();
    await keepScreenshot(page, testInfo, 'web-experiment-en-dark');
    await languageButton(page, '中文').click();
    await keepScreenshot(page, testInfo, 'web-experiment-zh-dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await keepScreenshot(page, testInfo, 'web-welcome-zh-dark');
  });

  test('follows prefers-color-scheme until the user chooses', async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  });
});

test.describe('web mode access control', () => {
  test('the server refuses WebSockets without the token, with a wrong token, or from a foreign origin', async ({ server }) => {
    const base = `ws://127.0.0.1:${server.port}/ws`;
    expect(await upgradeStatus(`${base}?token=${server.token}`, server.origin)).toBe(101);
    expect(await upgradeStatus(base, server.origin)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${'A'.repeat(server.token.length)}`, server.origin)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(`${base}?token=${server.token}`)).toBe(403);
  });

  test('a token-less WebSocket opened by the page itself is closed without opening', async ({ page, server }) => {
    await page.goto(server.url);
    await expect(page.getByRole('contentinfo')).toContainText('Web mode');
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('opened');
          ws.onclose = (e) => resolve(`closed ${e.code}`);
        }),
      `ws://127.0.0.1:${server.port}/ws`,
    );
    expect(outcome).toBe('closed 1006');
  });

  test('opening the page without its token says so instead of showing a blank page', async ({ page, server }, testInfo) => {
    await page.goto(`${server.origin}/`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('without its access token');
    // Nothing pretends to be loading: the sidebar and status bar say the page is not connected.
    await expect(page.getByRole('navigation').getByText(/appears once the page is connected/)).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText('not connected');
    await expect(page.getByRole('navigation', { name: 'Workbench sections' })).toBeVisible();
    await keepScreenshot(page, testInfo, 'web-no-token-en-light');
  });

  test('losing the server shows a banner with a retry button', async ({ page }, testInfo) => {
    const own = await startServe();
    try {
      const problems = await watchProblems(page);
      await page.goto(own.url);
      await expect(page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /Concise linear regression/ })).toBeVisible();
      await own.stop();
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('Lost the connection to the workbench server');
      const retry = alert.getByRole('button', { name: 'Retry' });
      await expect(retry).toBeVisible();
      // The app stays on screen: the sidebar still lists what it had loaded.
      await expect(page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: /Concise linear regression/ })).toBeVisible();
      await keepScreenshot(page, testInfo, 'web-connection-lost-en-light');
      await retry.click();
      await expect(page.getByRole('alert')).toContainText('Lost the connection');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});
