/** The two files `dockerhub-badges init` writes: pure text, from validated inputs. */
import {registryVariables} from '../build/registry-settings.ts';

/** A commented starter badges.yml listing `images` (canonical names: `nginx`, `grafana/grafana`). */
export function starterConfig(images: string[]): string {
	return `# Which Docker Hub images get badges. Every key is described in the README of
# dockerhub-badges; \`dockerhub-badges check\` validates this file offline.
site:
  title: Docker badges
  # baseUrl: https://<user>.github.io/<repo>   # makes the copied snippets absolute

defaults:
  style: flat                  # flat | flat-square | plastic | for-the-badge | social
  badges: [pulls, stars, version, size, updated, platforms]

fetch:
  concurrency: 8               # requests in flight at most
  deadline: 30m                # past it, badges not yet fetched keep their last values

images:
${images.map(image => `  - ${image}\n`).join('')}  # - image: myorg/app          # a private image needs DOCKERHUB_USERNAME and DOCKERHUB_TOKEN
  #   badges:
  #     - kind: version
  #       sort: semver
  #     - kind: size
  #       tag: "1.2"             # quote tags: YAML reads 1.20 as the number 1.2
  #       arch: arm64
`;
}

/**
 * The workflow: build with the action every 6 hours, on changes and by hand, then deploy to GitHub Pages.
 * `registries`: the hosts of the images outside Docker Hub, whose credentials the step's `env:` would pass.
 */
export function starterWorkflow(action: string, registries: readonly string[]): string {
	return `# Rebuilds the Docker Hub badges every 6 hours, when badges.yml changes on main,
# and by hand (Actions → Badges → Run workflow), and deploys them to GitHub Pages.
# Written by \`dockerhub-badges init\`; upgrades are a change of the version below.
name: Badges

on:
  schedule:
    - cron: "23 */6 * * *"     # off the hour: GitHub delays scheduled runs most at :00
  push:
    branches: [main]
    paths: [badges.yml, .github/workflows/badges.yml]
  workflow_dispatch:

permissions:
  contents: read

# One deployment at a time; a newer run waits rather than cancelling a deploy midway.
concurrency:
  group: badges-pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    outputs:
      errors: \${{ steps.badges.outputs.errors }}
    steps:
      - uses: actions/checkout@v4
      - id: badges
        uses: ${action}
        with:
          dockerhub-username: \${{ secrets.DOCKERHUB_USERNAME }}
          dockerhub-token: \${{ secrets.DOCKERHUB_TOKEN }}
          # Deploy error badges too (they say what is wrong); the run is marked failed below.
          allow-errors: true
${credentialsHint(registries)}      - uses: actions/upload-pages-artifact@v3
        with:
          path: \${{ steps.badges.outputs.site-dir }}

  deploy:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
      - name: Fail the run when some badges are errors
        if: needs.build.outputs.errors != '0'
        run: |
          echo "::error::Some badges are errors; the build's job summary lists them with what to do."
          exit 1
`;
}

/**
 * Commented `env:` lines for the step: the action's steps inherit it, which is how the credentials
 * of registries other than Docker Hub reach the build. Public images need none.
 */
function credentialsHint(registries: readonly string[]): string {
	if (registries.length === 0) {
		return '';
	}
	const secret = (name: string, why: string) => `        #   ${name}: \${{ secrets.${name} }}${why ? `   # ${why}` : ''}\n`;
	const lines = registries.map(host => {
		if (host === 'ghcr.io') {
			return secret('GHCR_TOKEN', 'ghcr.io: a token with read:packages');
		}
		if (host === 'quay.io') {
			return secret('QUAY_TOKEN', 'quay.io: an OAuth token of a Quay application with repo:read');
		}
		const {username, password} = registryVariables(host);
		return secret(username, host) + secret(password, '');
	});
	return `        # Private images on other registries: add these repository secrets and uncomment.\n        # env:\n${lines.join('')}`;
}

/** What to do after init, for a person at a terminal. */
export function nextSteps(written: string[]): string {
	return `Wrote ${written.join(' and ')}.

Next:
  1. Check the list offline: the command you just ran, with \`check\` in place of \`init …\`.
  2. Commit and push:   git add badges.yml .github/workflows/badges.yml && git commit -m "Docker Hub badges" && git push
  3. Add two repository secrets (Settings → Secrets and variables → Actions):
     DOCKERHUB_USERNAME and DOCKERHUB_TOKEN, a Docker Hub access token with the scope
     "Public Repo Read-only" ("Read-only" for private images). Without them the build runs
     anonymously: fine for a few dozen public images, no private ones.
  4. Enable Pages: Settings → Pages → Source: GitHub Actions.
  5. Run it once: Actions → Badges → Run workflow. Then it runs every 6 hours.
Your badges: https://<user>.github.io/<repo>/badges/<namespace>/<repo>/<kind>.svg
`;
}
