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

// n8n lists a package's trigger and action node under one entry named after the app
// ("WhatsApp Business Account"); choosing it lists the trigger or the node's operations.
const APP_ENTRY = 'WhatsApp Business Account';
const NODES = [
	// the trigger's "On <field>" entries come from its "Trigger On" option
	{ label: 'trigger', pick: /^\s*On messages\s*$/i, expectParameters: ['Registration', 'Trigger On', 'Messages', 'Event Filter', 'Output'] },
	{ label: 'action node', pick: /^\s*Get an account\s*$/i, expectParameters: ['Resource', 'Operation', 'WhatsApp Business Account', 'Fields'] },
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

		await page.goto(`${n8n.baseUrl}/workflow/new`);
		const canvasPlus = page.locator('[data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"]').first();
		await canvasPlus.waitFor();
		await dismissOverlays(page);
		for (const [i, node] of NODES.entries()) {
			// the first node is added from the empty canvas (the trigger panel), the second from
			// the node panel's own button
			if (i === 0) await canvasPlus.click();
			else await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
			const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
			await search.fill(SEARCH);
			const item = page.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${APP_ENTRY}(\\s+Trigger)?\\s*$`) }).first();
			const found = await item.waitFor({ timeout: 15_000 }).then(
				() => true,
				() => false,
			);
			const names = (await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()).map((s) => s.trim());
			await page.screenshot({ path: path.join(shots, `0${2 + 2 * i}-search-${node.label.replace(' ', '-')}.png`) });
			check(`editor: the node panel finds the ${node.label} for "${SEARCH}"`, found, names.join(' | '));
			if (!found) continue;
			await item.click();
			const parameters = page.locator('[data-test-id="node-parameters"]').first();
			// the app entry lists the trigger, or the node's operations: pick one
			await page.waitForTimeout(800);
			if (!(await parameters.isVisible().catch(() => false))) {
				await page.screenshot({ path: path.join(shots, `0${2 + 2 * i}b-choices-${node.label.replace(' ', '-')}.png`) });
				const choice = page.locator('[data-test-id="item-iterator-item"]', { hasText: node.pick }).first();
				await choice.click({ timeout: 15_000 }).catch(() => {});
			}
			await parameters.waitFor({ timeout: 30_000 });
			await page.waitForTimeout(500);
			const text = await parameters.innerText();
			await page.screenshot({ path: path.join(shots, `0${3 + 2 * i}-parameters-${node.label.replace(' ', '-')}.png`) });
			const missing = node.expectParameters.filter((p) => !text.includes(p));
			const problem = /could not be loaded|unknown node|install this node|Problem loading/i.exec(text);
			check(`editor: the ${node.label}'s parameters render without an error`, missing.length === 0 && !problem, missing.length ? `missing ${missing.join(', ')}; saw: ${text.slice(0, 200).replace(/\s+/g, ' ')}` : problem ? problem[0] : '');
			await page.keyboard.press('Escape');
			await page.locator('[data-test-id="ndv-close"]').first().click().catch(() => {});
			await page.waitForTimeout(300);
		}
		await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
		const onCanvas = await page.locator('[data-test-id="canvas-node"]').allInnerTexts().catch(() => []);
		await page.screenshot({ path: path.join(shots, '06-canvas.png') });
		check('editor: the canvas holds the trigger and the action node', onCanvas.length === NODES.length, `${onCanvas.length} nodes: ${onCanvas.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ')}`);
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
