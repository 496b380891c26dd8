const fs = require('fs');

module.exports = async () => {
	const folder = process.env.WABA_JEST_USER_FOLDER;
	if (folder) fs.rmSync(folder, { recursive: true, force: true });
};
