// Placeholder until the local runtime lands (issue 7): say so plainly instead of pretending.
console.error('Recert cannot run locally yet: the local runtime (dynalite, SES emulator, HTTP API) is not built.');
console.error('Meanwhile try: npm run --silent recert -- evaluate --today 2026-11-21 events/profiles/seed-story.json');
process.exit(1);
