// The editor in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
// playwright-core, headless, never a downloaded browser. Logs in, opens a new workflow,
// finds both nodes in the node panel, adds each and checks its parameters render without
// an error; checks the actions panel lists the operations in n8n's wording ("Get many phone
// numbers"); screenshots the trigger's panel (its Event Filter open, and the account picker
// of Override Callback for a WABA) and the action node's. Screenshots go to <out>/screenshots/.
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { WEBHOOK_FIELDS } from '../../../nodes/shared/generated/catalog';
import { OWNER } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import type { Check } from './checks';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SEARCH = 'WhatsApp Business Account';

// n8n lists a package's trigger and action node under one entry named after the app
// ("WhatsApp Business Account"); choosing it lists the trigger or the node's operations.
const APP_ENTRY = 'WhatsApp Business Account';
const NODES = [
	// the trigger's "On <field>" entries come from its "Trigger On" option
	{
		label: 'trigger',
		pick: /^\s*On messages\s*$/i,
		expectParameters: [
			'Registration',
			'Trigger On',
			'Messages',
			'Event Names or IDs',
			'Output',
			'Filters',
		],
	},
	{
		label: 'action node',
		pick: /^\s*Get account\s*$/i,
		expectParameters: ['Resource', 'Operation', 'WhatsApp Business Account', 'Fields'],
	},
];

/** What the actions panel must say (n8n's wording), and what it must not. */
const ACTIONS = [
	'Get account',
	'Update account',
	'Get many subscribed apps',
	'Subscribe app to account',
	'Get many phone numbers',
	'Get phone number',
	'Get many message templates',
	'Get many assigned users',
];
const NOT_N8N_WORDING =
	/\b(List (phone numbers|subscribed apps|assigned users|message templates)|Get an? (account|phone number))\b/;

/** Debian's Chromium, headless, with nothing that calls home. */
export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** Signs the owner in and waits to leave the sign-in page. */
export async function signIn(page: Page, n8n: N8n): Promise<void> {
	await page.goto(`${n8n.baseUrl}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
		.first()
		.fill(OWNER.email);
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url: URL) => !url.pathname.includes('/signin'), { timeout: 30_000 });
}

export async function browserChecks(
	n8n: N8n,
	{ out, check }: { out: string; check: Check },
): Promise<void> {
	if (!fs.existsSync(CHROMIUM)) {
		check('Chromium is installed (apt-get install chromium)', false, `${CHROMIUM} not found`);
		return;
	}
	const shots = path.join(out, 'screenshots');
	fs.mkdirSync(shots, { recursive: true });
	const browser = await launchChromium();
	const consoleErrors: string[] = [];
	let page: Page | undefined;
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
		page = await context.newPage();
		page.setDefaultTimeout(30_000);
		page.on('pageerror', (e: Error) => {
			// n8n 1.123's own editor throws once after sign-in, also with no community package
			// installed (its versions store reads a setting 1.123 does not send): not ours
			if (n8n.major < 2 && /versions\.store/.test(String(e.stack))) return;
			consoleErrors.push(String(e.message || e));
		});

		await signIn(page, n8n);
		await page.screenshot({ path: path.join(shots, '01-signed-in.png') });
		check('editor: signed in', true);

		await page.goto(`${n8n.baseUrl}/workflow/new`);
		const canvasPlus = page
			.locator('[data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"]')
			.first();
		await canvasPlus.waitFor();
		await dismissOverlays(page);
		for (const [i, node] of NODES.entries()) {
			// the first node is added from the empty canvas (the trigger panel), the second from
			// the node panel's own button
			if (i === 0) await canvasPlus.click();
			else await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
			const search = page
				.locator(
					'[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]',
				)
				.first();
			await search.fill(SEARCH);
			const item = page
				.locator('[data-test-id="node-creator-item-name"]', {
					hasText: new RegExp(`^\\s*${APP_ENTRY}(\\s+Trigger)?\\s*$`),
				})
				.first();
			const found = await item.waitFor({ timeout: 15_000 }).then(
				() => true,
				() => false,
			);
			const names = (
				await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()
			).map((s) => s.trim());
			await page.screenshot({
				path: path.join(shots, `0${2 + 2 * i}-search-${node.label.replace(' ', '-')}.png`),
			});
			check(
				`editor: the node panel finds the ${node.label} for "${SEARCH}"`,
				found,
				names.join(' | '),
			);
			if (!found) continue;
			await item.click();
			const parameters = page.locator('[data-test-id="node-parameters"]').first();
			// the app entry lists the trigger, or the node's operations: pick one
			await page.waitForTimeout(800);
			if (!(await parameters.isVisible().catch(() => false))) {
				await page.screenshot({
					path: path.join(shots, `0${2 + 2 * i}b-choices-${node.label.replace(' ', '-')}.png`),
				});
				if (node.label === 'action node') await actionsPanelCheck(page, check);
				const choice = page
					.locator('[data-test-id="item-iterator-item"]', { hasText: node.pick })
					.first();
				await choice.click({ timeout: 15_000 }).catch(() => {});
			}
			await parameters.waitFor({ timeout: 30_000 });
			await page.waitForTimeout(500);
			const text = await parameters.innerText();
			await page.screenshot({
				path: path.join(shots, `0${3 + 2 * i}-parameters-${node.label.replace(' ', '-')}.png`),
			});
			const missing = node.expectParameters.filter((p) => !text.includes(p));
			const problem = /could not be loaded|unknown node|install this node|Problem loading/i.exec(
				text,
			);
			check(
				`editor: the ${node.label}'s parameters render without an error`,
				missing.length === 0 && !problem,
				missing.length
					? `missing ${missing.join(', ')}; saw: ${text.slice(0, 200).replace(/\s+/g, ' ')}`
					: problem
						? problem[0]
						: '',
			);
			if (node.label === 'trigger') await triggerPanelChecks(page, parameters, shots, check);
			// a focused parameter takes the first Escape; the next closes the panel
			await page.keyboard.press('Escape');
			await page.waitForTimeout(200);
			if (
				await page
					.locator('[data-test-id="ndv"]')
					.first()
					.isVisible()
					.catch(() => false)
			)
				await page.keyboard.press('Escape');
			await page
				.locator('[data-test-id="ndv-close"]')
				.first()
				.click({ timeout: 2_000 })
				.catch(() => {});
			await page.waitForTimeout(300);
		}
		await page
			.locator('[data-test-id="ndv"]')
			.first()
			.waitFor({ state: 'hidden', timeout: 5_000 })
			.catch(() => {});
		const onCanvas = await page
			.locator('[data-test-id="canvas-node"]')
			.allInnerTexts()
			.catch(() => []);
		await page.screenshot({ path: path.join(shots, '06-canvas.png') });
		check(
			'editor: the canvas holds the trigger and the action node',
			onCanvas.length === NODES.length,
			`${onCanvas.length} nodes: ${onCanvas.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ')}`,
		);
		check(
			'editor: no uncaught error in the page',
			consoleErrors.length === 0,
			consoleErrors.slice(0, 3).join(' | '),
		);
	} catch (error) {
		await page?.screenshot({ path: path.join(shots, '99-editor-failure.png') }).catch(() => {});
		check(
			'editor checks completed',
			false,
			String((error as Error).message || error).split('\n')[0],
		);
	} finally {
		await browser.close();
	}
}

/** The actions panel of the action node: every operation under n8n's wording. */
async function actionsPanelCheck(page: Page, check: Check): Promise<void> {
	const panel = page.locator('[data-test-id="node-creator"]').first();
	const text = (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ');
	const missing = ACTIONS.filter((a) => !text.includes(a));
	const wrong = NOT_N8N_WORDING.exec(text);
	check(
		'editor: the actions panel lists the operations in n8n\'s wording ("Get many phone numbers", no articles)',
		missing.length === 0 && !wrong,
		missing.length
			? `missing ${missing.join(', ')}; saw: ${text.slice(0, 400)}`
			: wrong
				? `found "${wrong[0]}"`
				: '',
	);
}

/** The visible options of the open dropdown: each option's name (its first line). */
async function dropdownNames(page: Page): Promise<string[]> {
	const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
	await options.first().waitFor({ timeout: 10_000 });
	return (await options.allInnerTexts()).map((t) => t.trim().split('\n')[0].trim());
}

/**
 * Adds Account Update to Trigger On and opens the Event Filter (which then lists Account
 * Update's events, readably), then switches Registration to Override Callback for a WABA,
 * which shows the account picker.
 */
async function triggerPanelChecks(
	page: Page,
	parameters: Locator,
	shots: string,
	check: Check,
): Promise<void> {
	try {
		const accountUpdate = WEBHOOK_FIELDS.find((f) => f.name === 'account_update');
		await parameters.locator('[data-test-id="parameter-input-fields"]').first().click();
		await page.keyboard.type('Account Update');
		await page
			.locator('.el-select-dropdown:visible .el-select-dropdown__item', {
				hasText: 'Account Update',
			})
			.first()
			.click();
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
		await parameters.locator('[data-test-id="parameter-input-events"]').first().click();
		const names = await dropdownNames(page);
		await page.screenshot({ path: path.join(shots, '03b-trigger-event-filter.png') });
		const raw = names.filter((l) => /[A-Z]{2,}_[A-Z]|_[a-z]/.test(l));
		check(
			'editor: with Trigger On Messages and Account Update, the Event Filter lists Account Update\'s events, readably ("Account Update: Account Restriction")',
			names.includes('Account Update: Account Restriction') &&
				names.length === accountUpdate?.events.length &&
				names.every((n) => n.startsWith('Account Update: ')) &&
				raw.length === 0,
			`${names.length} options: ${names.slice(0, 4).join(', ')}, …${raw.length ? `; raw: ${raw.slice(0, 3).join(', ')}` : ''}`,
		);
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);

		await parameters.locator('[data-test-id="parameter-input-registration"]').first().click();
		await page
			.locator('.el-select-dropdown:visible .el-select-dropdown__item', {
				hasText: 'Override Callback for a WABA',
			})
			.first()
			.click();
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(shots, '03c-trigger-override-account-picker.png') });
		const picker = await parameters.locator('input[placeholder="Select an account..."]').count();
		const text = (await parameters.innerText()).replace(/\s+/g, ' ');
		check(
			'editor: Override Callback for a WABA picks the account like the action node (From List)',
			picker === 1 && text.includes('WhatsApp Business Account'),
			`${picker} account picker(s); ${text.slice(0, 200)}`,
		);
		// leave no parameter focused (a focused select takes the Escape that closes the panel)
		await page.evaluate(() =>
			(
				globalThis as unknown as { document: { activeElement?: { blur(): void } } }
			).document.activeElement?.blur(),
		);
		await page.mouse.click(5, 500);
		await page.waitForTimeout(300);
	} catch (error) {
		await page
			.screenshot({ path: path.join(shots, '03x-trigger-panel-failure.png') })
			.catch(() => {});
		check(
			"editor: the trigger panel's Event Filter and account picker can be opened",
			false,
			String((error as Error).message || error).split('\n')[0],
		);
	}
}

/** Closes first-run dialogs (surveys, notices) that may cover the canvas. */
export async function dismissOverlays(page: Page): Promise<void> {
	for (const selector of [
		'[data-test-id="personalization-form"] button',
		'.el-dialog__headerbtn',
		'[aria-label="Close"]',
	]) {
		const el = page.locator(selector).first();
		if (await el.isVisible().catch(() => false)) await el.click().catch(() => {});
	}
}
