'use strict';
// The editor in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
// playwright-core, headless, never a downloaded browser. Logs in, opens a new workflow,
// finds both nodes in the node panel, adds each and checks its parameters render without
// an error. Screenshots go to <out>/screenshots/.
const fs = require('node:fs');
const path = require('node:path');

const { OWNER } = require('./n8n');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SEARCH = 'WhatsApp Business Account';

const NODES = [
	{ label: 'trigger', displayName: 'WhatsApp Business Account Trigger', expectParameters: ['Registration', 'Fields', 'Events', 'Output'] },
	{ label: 'action node', displayName: 'WhatsApp Business Account', expectParameters: ['Resource', 'Operation'] },
];

async function browserChecks(n8n, { out, check }) {
	if (!fs.existsSync(CHROMIUM)) {
		check('Chromium is installed (apt-get install chromium)', false, `${CHROMIUM} not found`);
		return;
	}
	const { chromium } = require('playwright-core');
	const shots = path.join(out, 'screenshots');
	fs.mkdirSync(shots, { recursive: true });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const consoleErrors = [];
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);
		page.on('pageerror', (e) => consoleErrors.push(String(e.message || e)));

		await page.goto(`${n8n.baseUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
		await page.locator('input[type="password"]').first().fill(OWNER.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.includes('/signin'), { timeout: 30_000 });
		await page.screenshot({ path: path.join(shots, '01-signed-in.png') });
		check('editor: signed in', true);

		for (const [i, node] of NODES.entries()) {
			await page.goto(`${n8n.baseUrl}/workflow/new`);
			await page.waitForSelector('[data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"], [data-test-id="node-creator-plus-button"]');
			await dismissOverlays(page);
			await page.locator('[data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"], [data-test-id="node-creator-plus-button"]').first().click();
			const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
			await search.fill(SEARCH);
			const items = page.locator('[data-test-id="node-creator-item-name"]');
			await items.first().waitFor();
			const names = (await items.allInnerTexts()).map((s) => s.trim());
			await page.screenshot({ path: path.join(shots, `0${2 + 2 * i}-search-${node.label.replace(' ', '-')}.png`) });
			check(`editor: the node panel finds the ${node.label} for "${SEARCH}"`, names.includes(node.displayName), names.join(' | '));
			await items.filter({ hasText: new RegExp(`^${node.displayName}$`) }).first().click();
			// an action node opens its list of operations first: take the first one
			const action = page.locator('[data-test-id="item-iterator-item"]');
			if (node.label === 'action node' && (await page.locator('[data-test-id="node-parameters"]').count()) === 0) {
				await action.first().click().catch(() => {});
			}
			const parameters = page.locator('[data-test-id="node-parameters"]').first();
			await parameters.waitFor({ timeout: 30_000 });
			const text = await parameters.innerText();
			await page.screenshot({ path: path.join(shots, `0${3 + 2 * i}-parameters-${node.label.replace(' ', '-')}.png`) });
			const missing = node.expectParameters.filter((p) => !text.includes(p));
			const problem = /could not be loaded|unknown node|install this node|Problem loading/i.exec(text);
			check(`editor: the ${node.label}'s parameters render without an error`, missing.length === 0 && !problem, missing.length ? `missing ${missing.join(', ')}` : problem ? problem[0] : '');
		}
		check('editor: no uncaught error in the page', consoleErrors.length === 0, consoleErrors.slice(0, 3).join(' | '));
	} catch (error) {
		check('editor checks completed', false, String(error.message || error).split('\n')[0]);
	} finally {
		await browser.close();
	}
}

/** Closes first-run dialogs (surveys, notices) that may cover the canvas. */
async function dismissOverlays(page) {
	for (const selector of ['[data-test-id="personalization-form"] button', '.el-dialog__headerbtn', '[aria-label="Close"]']) {
		const el = page.locator(selector).first();
		if (await el.isVisible().catch(() => false)) await el.click().catch(() => {});
	}
}

module.exports = { browserChecks };
