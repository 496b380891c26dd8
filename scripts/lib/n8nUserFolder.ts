/**
 * n8n-core run in this process (the replay harness, the in-process host, the benches) keeps
 * instance settings, an encryption key among them, in N8N_USER_FOLDER, and creates the key
 * there, saying so on stdout, when none is given. The tools give it a throw-away folder and
 * key unless the caller chose a folder.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Points N8N_USER_FOLDER at a new folder under the system's temp folder (and sets an
 * N8N_ENCRYPTION_KEY when there is none), unless N8N_USER_FOLDER is set already. Returns the
 * undo, which puts the environment back and removes the folder; the folder also goes when
 * the process exits.
 */
export function useTemporaryUserFolder(prefix = 'waba-n8n-'): () => void {
	if (process.env.N8N_USER_FOLDER) return () => {};
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const hadKey = 'N8N_ENCRYPTION_KEY' in process.env;
	process.env.N8N_USER_FOLDER = folder;
	if (!hadKey) process.env.N8N_ENCRYPTION_KEY = randomBytes(24).toString('base64');
	const remove = () => fs.rmSync(folder, { recursive: true, force: true });
	process.once('exit', remove);
	return () => {
		process.off('exit', remove);
		if (process.env.N8N_USER_FOLDER === folder) delete process.env.N8N_USER_FOLDER;
		if (!hadKey) delete process.env.N8N_ENCRYPTION_KEY;
		remove();
	};
}
