// The Send and Wait for Response form as the editor shows it, for the docs: Debian's Chromium
// (/usr/bin/chromium) driven by playwright-core, headless, signs in, opens a workflow, opens one
// node's panel and screenshots it to <out>/screenshots/<file>. Returns what the panel showed.
import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';

import { OWNER } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function screenshotNodePanel(
	n8n: N8n,
	{ workflowId, nodeName, file }: { workflowId: string; nodeName: string; file: string },
): Promise<{ ok: boolean; text: string; shot?: string }> {
	if (!fs.existsSync(CHROMIUM)) return { ok: false, text: `${CHROMIUM} not found` };
	const shots = path.join(path.resolve(__dirname, '../../../.e2e-output'), 'screenshots');
	fs.mkdirSync(shots, { recursive: true });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
	});
	try {
		const page = await (
			await browser.newContext({ viewport: { width: 1500, height: 1100 } })
		).newPage();
		page.setDefaultTimeout(30_000);
		await page.goto(`${n8n.baseUrl}/signin`);
		await page
			.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]')
			.first()
			.fill(OWNER.email);
		await page.locator('input[type="password"]').first().fill(OWNER.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url: URL) => !url.pathname.includes('/signin'));
		await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
		const node = page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first();
		await node.waitFor();
		await page.keyboard.press('Escape');
		await node.dblclick();
		const parameters = page.locator('[data-test-id="node-parameters"]').first();
		await parameters.waitFor();
		await page.waitForTimeout(1500);
		const text = await parameters.innerText();
		const shot = path.join(shots, file);
		const panel = page.locator('[data-test-id="ndv"]').first();
		await ((await panel.isVisible().catch(() => false)) ? panel : page).screenshot({ path: shot });
		return { ok: true, text, shot };
	} catch (error) {
		return { ok: false, text: String((error as Error).message || error).split('\n')[0] };
	} finally {
		await browser.close();
	}
}
