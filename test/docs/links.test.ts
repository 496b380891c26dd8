/**
 * Every relative link and anchor in the README, CONTRIBUTING, docs/ and schemas/README.md
 * resolves: the file exists, and an #anchor is a heading's slug as GitHub makes it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { anchorsOf, brokenLinksOf, linksOf, markdownFilesUnder, slugOf } from './markdownLinks';
import { fromRoot, REPO_ROOT } from '../../scripts/lib/repoRoot';

const PAGES = [
	fromRoot('README.md'),
	fromRoot('CONTRIBUTING.md'),
	fromRoot('schemas', 'README.md'),
	...markdownFilesUnder(fromRoot('docs')),
].filter((file) => fs.existsSync(file));

describe('GitHub heading slugs', () => {
	test.each([
		[
			'Exact ids, one decoding and de-duplication keys',
			'exact-ids-one-decoding-and-de-duplication-keys',
		],
		['Credential: WhatsApp Business Account API', 'credential-whatsapp-business-account-api'],
		['Without a clone: `npx waba-replay`', 'without-a-clone-npx-waba-replay'],
		['Webhook Setup > Check', 'webhook-setup--check'],
		["Why don't my deliveries arrive?", 'why-dont-my-deliveries-arrive'],
		[
			'The loss: a starting webhook processor answers `200` without running anything',
			'the-loss-a-starting-webhook-processor-answers-200-without-running-anything',
		],
		['2026-12-06/07 (AMD EPYC, 2 cores)', '2026-12-0607-amd-epyc-2-cores'],
		['See [the docs](docs/README.md) **now**', 'see-the-docs-now'],
		['snake_case stays', 'snake_case-stays'],
	])('%s', (heading, slug) => expect(slugOf(heading)).toBe(slug));

	test('repeated headings get -1, -2; headings in code blocks are not headings', () => {
		const anchors = anchorsOf('# Setup\n## Setup\n### Setup\n```sh\n# not a heading\n```\n');
		expect([...anchors]).toEqual(['setup', 'setup-1', 'setup-2']);
	});
});

describe('link finding', () => {
	test('finds inline links, images and reference definitions, not links in code', () => {
		const markdown =
			'See [a](a.md#x) and ![i](img/i.svg "title").\n`[not](code.md)`\n```\n[nor](fenced.md)\n```\n[ref]: ref.md\n';
		expect(linksOf(markdown).map((l) => l.target)).toEqual(['a.md#x', 'img/i.svg', 'ref.md']);
	});

	test('reports a missing file and a missing anchor, and accepts what exists', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-links-'));
		try {
			fs.writeFileSync(path.join(dir, 'other.md'), '# Other page\n## Set up\n');
			fs.writeFileSync(
				path.join(dir, 'page.md'),
				[
					'# Page',
					'## Here',
					'[ok](other.md#set-up) [dir](.) [self](#here) [web](https://example.com/x.md#nope)',
					'[gone](missing.md)',
					'[bad anchor](other.md#setup)',
					'[bad self](#there)',
				].join('\n'),
			);
			expect(brokenLinksOf(path.join(dir, 'page.md')).map((b) => [b.line, b.target])).toEqual([
				[4, 'missing.md'],
				[5, 'other.md#setup'],
				[6, '#there'],
			]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe("the repository's Markdown", () => {
	test('covers the README, docs/ and schemas/README.md', () => {
		const relative = PAGES.map((file) => path.relative(REPO_ROOT, file));
		expect(relative).toEqual(
			expect.arrayContaining([
				'README.md',
				path.join('schemas', 'README.md'),
				path.join('docs', 'README.md'),
			]),
		);
	});

	test('docs/README.md links every page in docs/', () => {
		const index = fromRoot('docs', 'README.md');
		const linked = new Set(
			linksOf(fs.readFileSync(index, 'utf8')).map((l) =>
				path.resolve(path.dirname(index), l.target.split('#')[0]),
			),
		);
		const pages = markdownFilesUnder(fromRoot('docs')).filter((file) => file !== index);
		expect(
			pages.filter((file) => !linked.has(file)).map((file) => path.relative(REPO_ROOT, file)),
		).toEqual([]);
	});

	test.each(PAGES.map((file) => [path.relative(REPO_ROOT, file), file]))(
		'%s has no broken relative link or anchor',
		(_name, file) => {
			const broken = brokenLinksOf(file).map(
				(b) => `${path.relative(REPO_ROOT, b.file)}:${b.line} ${b.target}: ${b.reason}`,
			);
			expect(broken).toEqual([]);
		},
	);
});
