import {describe, expect, it} from 'vitest';
import {parseImageName} from '../../src/config/image-name.ts';
import {nextLink, parseChallenge} from '../../src/fetchers/oci/challenge.ts';
import {hostVariablePart, registrySettingsFrom} from '../../src/build/registry-settings.ts';

describe('parseImageName', () => {
	it.each([
		['nginx', {namespace: 'library', repo: 'nginx'}],
		['docker.io/grafana/grafana', {namespace: 'grafana', repo: 'grafana'}],
		['ghcr.io/owner/app', {registry: 'ghcr.io', namespace: 'owner', repo: 'app'}],
		['GHCR.io/owner/app', {registry: 'ghcr.io', namespace: 'owner', repo: 'app'}],
		['registry.example.com:5000/team/group/app', {registry: 'registry.example.com:5000', namespace: 'team/group', repo: 'app'}],
		['localhost:5000/app', {registry: 'localhost:5000', namespace: '', repo: 'app'}],
		['localhost/app', {registry: 'localhost', namespace: '', repo: 'app'}],
		['reg.example.com:65535/app', {registry: 'reg.example.com:65535', namespace: '', repo: 'app'}],
		['quay.io/prometheus/node-exporter', {registry: 'quay.io', namespace: 'prometheus', repo: 'node-exporter'}],
	])('reads %s', (input, expected) => {
		expect(parseImageName(input)).toEqual(expected);
	});

	it.each([
		['ghcr.io/owner/app:1.2', 'has a tag'],
		['ghcr.io/owner/app@sha256:abc', 'has a digest'],
		['ghcr.io/Owner/app', 'is not a valid repository path'],
		['bad_host.io/owner/app', 'does not start with a registry host'],
		['acme/org/app', 'is not a Docker Hub repository'],
		['reg.example.com:65536/app', 'has the port 65536; a port is 1 to 65535'],
		['reg.example.com:00000/app', 'has the port 00000'],
		['quay.io/app', 'Quay repositories are namespace/name'],
		['quay.io/acme/team/app', 'Quay repositories are namespace/name'],
	])('refuses %s', (input, expected) => {
		expect((parseImageName(input) as {error: string}).error).toContain(expected);
	});
});

describe('the OCI token challenge and paging headers', () => {
	it.each([
		['Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"', {scheme: 'bearer', realm: 'https://ghcr.io/token', service: 'ghcr.io'}],
		['bearer realm=https://auth.example/token, service="x \\"y\\""', {scheme: 'bearer', realm: 'https://auth.example/token', service: 'x "y"'}],
		['Basic realm="registry"', {scheme: 'basic'}],
		['Bearer service="no realm"', undefined],
		['Negotiate abc', undefined],
		[undefined, undefined],
		[`Bearer realm="${'x'.repeat(5000)}"`, undefined],
	])('reads %s', (header, expected) => {
		expect(parseChallenge(header)).toEqual(expected);
	});

	it.each([
		['</v2/a/tags/list?n=2&last=b>; rel="next"', '/v2/a/tags/list?n=2&last=b'],
		['<https://x/prev>; rel="prev", <https://x/next>; rel=next', 'https://x/next'],
		['</v2/a/tags/list?last=b>; rel="nextish"', undefined],
		[undefined, undefined],
	])('follows %s', (header, expected) => {
		expect(nextLink(header)).toBe(expected);
	});
});

describe('registrySettingsFrom', () => {
	it('points a host at the origin of REGISTRY_URL_<HOST>, and takes GHCR_TOKEN or GITHUB_TOKEN for ghcr.io', () => {
		const settings = registrySettingsFrom({REGISTRY_URL_GHCR_IO: 'http://127.0.0.1:5000/', GITHUB_TOKEN: 'ghs_x', REGISTRY_URL_REGISTRY_EXAMPLE_COM_5000: 'https://mirror.example'}, ['ghcr.io', 'registry.example.com:5000']);
		expect(settings.get('ghcr.io')).toMatchObject({host: 'ghcr.io', origin: 'http://127.0.0.1:5000', credentials: {username: 'dockerhub-badges', secret: 'ghs_x'}, variables: 'GHCR_TOKEN'});
		expect(settings.get('registry.example.com:5000')).toMatchObject({
			host: 'registry.example.com:5000',
			origin: 'https://mirror.example',
			credentials: undefined,
			variables: 'REGISTRY_REGISTRY_EXAMPLE_COM_5000_USERNAME and REGISTRY_REGISTRY_EXAMPLE_COM_5000_PASSWORD',
		});
	});

	it.each([
		[{REGISTRY_URL_GHCR_IO: 'http://ghcr.example'}, ['ghcr.io'], 'REGISTRY_URL_GHCR_IO must use https (plain http only for this machine)'],
		[{REGISTRY_URL_GHCR_IO: 'https://user:pw@ghcr.example'}, ['ghcr.io'], 'REGISTRY_URL_GHCR_IO must not carry credentials; use GHCR_TOKEN'],
		[{REGISTRY_REGISTRY_EXAMPLE_COM_USERNAME: 'me'}, ['registry.example.com'], 'REGISTRY_REGISTRY_EXAMPLE_COM_PASSWORD is not set'],
	])('refuses %j', (env, hosts, expected) => {
		expect(() => registrySettingsFrom(env, hosts)).toThrow(expected);
	});

	it.each([
		['ghcr.io', 'GHCR_IO'],
		['quay.io', 'QUAY_IO'],
		['registry.example.com:5000', 'REGISTRY_EXAMPLE_COM_5000'],
		['reg-example.com', 'REG__EXAMPLE_COM'],
		['reg.example-com', 'REG_EXAMPLE__COM'],
		['my--reg.example.com', 'MY____REG_EXAMPLE_COM'],
	])('names %s in variables as %s (dashes as __, as Terraform does)', (host, part) => {
		expect(hostVariablePart(host)).toBe(part);
	});

	it('gives a look-alike host none of the credentials of reg.example.com', () => {
		const env = {REGISTRY_REG_EXAMPLE_COM_USERNAME: 'robot', REGISTRY_REG_EXAMPLE_COM_PASSWORD: 'pw-0123456789'};
		const settings = registrySettingsFrom(env, ['reg.example.com', 'reg-example.com', 'reg.example-com']);
		expect(settings.get('reg.example.com')?.credentials).toEqual({username: 'robot', secret: 'pw-0123456789'});
		expect(settings.get('reg-example.com')?.credentials).toBeUndefined();
		expect(settings.get('reg.example-com')?.credentials).toBeUndefined();
		expect(settings.get('reg-example.com')?.variables).toBe('REGISTRY_REG__EXAMPLE_COM_USERNAME and REGISTRY_REG__EXAMPLE_COM_PASSWORD');
	});

	it('refuses two hosts that would read the same variables, naming both', () => {
		expect(() => registrySettingsFrom({}, ['reg.example.com:5000', 'reg.example.com.5000'])).toThrow(
			'the registries reg.example.com:5000 and reg.example.com.5000 would both read REGISTRY_REG_EXAMPLE_COM_5000_USERNAME',
		);
	});
});
