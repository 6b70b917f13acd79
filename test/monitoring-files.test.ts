import fs from 'node:fs';
import yaml from 'js-yaml';
import { registry } from '../services/metrics.js';

/** The Prometheus files in docs/monitoring are checked against the service's own metrics, without Prometheus. */
const read = (file: string) => fs.readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

type Rule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
};
const rules = (yaml.safeLoad(read('docs/monitoring/alerts.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);

/** Every metric of the registry with the label names a query may use on it (read without collecting). */
function known(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of registry.getMetricsAsArray() as unknown as { name: string; type: string; labelNames?: string[] }[]) {
    const labels = new Set(m.labelNames ?? []);
    out.set(m.name, labels);
    if (m.type === 'histogram') {
      for (const suffix of ['_bucket', '_count', '_sum']) out.set(m.name + suffix, new Set([...labels, 'le']));
    }
  }
  return out;
}

describe('the alerting rules', () => {
  test('when they are read, then each alert has a severity and a Vietnamese summary and description', () => {
    expect(rules.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const r of rules) {
      expect([r.alert, r.labels?.severity]).toEqual([r.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect([r.alert, r.annotations?.summary]).toEqual([
        r.alert,
        expect.stringMatching(/[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểễệịọỏốồổộớờởợụủứừửữựỳ]/i),
      ]);
      expect([r.alert, r.annotations?.description]).toEqual([r.alert, expect.stringMatching(/\S/)]);
      if (r.for) expect(r.for).toMatch(/^\d+[smh]$/);
    }
  });

  test('when an expression names a metric or a label of ours, then the service exposes that metric with that label', () => {
    const metrics = known();
    const used = new Set<string>();
    for (const r of rules) {
      for (const [, name, selector] of r.expr.matchAll(/\b(tas_[a-z_]+)(\{[^}]*\})?/g)) {
        used.add(name!);
        expect([r.alert, name, metrics.has(name!)]).toEqual([r.alert, name, true]);
        for (const [, label] of (selector ?? '').matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g))
          expect([r.alert, name, label, metrics.get(name!)!.has(label!)]).toEqual([r.alert, name, label, true]);
      }
      // Labels kept by aggregations must exist on every metric of the rule.
      const names = [...r.expr.matchAll(/\b(tas_[a-z_]+)/g)].map((m) => m[1]!);
      for (const [, list] of r.expr.matchAll(/\b(?:by|on)\s*\(([^)]*)\)/g)) {
        for (const label of list!
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean)) {
          for (const name of names)
            expect([r.alert, name, label, metrics.get(name)!.has(label)]).toEqual([r.alert, name, label, true]);
        }
      }
    }
    // The rules watch the queue, the provider, the database, the jobs and HTTP.
    for (const name of ['tas_queue_depth', 'tas_notice_counts_up', 'tas_notice_sends_total', 'tas_job_runs_total'])
      expect(used).toContain(name);
  });

  test('when Prometheus scrapes a target, then no metric of ours has a label it would rename (job, instance)', () => {
    for (const [name, labels] of known()) {
      expect([name, labels.has('job'), labels.has('instance')]).toEqual([name, false, false]);
    }
  });
});

describe('the Prometheus configuration', () => {
  type Service = {
    environment?: Record<string, string>;
    volumes?: string[];
    secrets?: string[];
    ports?: string[];
  };
  const compose = yaml.safeLoad(read('compose.yaml')) as {
    services: Record<string, Service>;
    secrets: Record<string, { file: string }>;
  };
  const prometheus = yaml.safeLoad(read('docs/monitoring/prometheus.yml')) as {
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      metrics_path: string;
      authorization: { type: string; credentials_file: string };
      static_configs: { targets: string[] }[];
    }[];
  };

  test('when it runs in the compose file, then it scrapes the web process and every worker with the token, and loads the rules', () => {
    const [scrape] = prometheus.scrape_configs;
    expect(scrape!.job_name).toBe('tin-an-sinh');
    expect(scrape!.metrics_path).toBe('/metrics');
    expect(scrape!.authorization.type).toBe('Bearer');
    const workers = Object.keys(compose.services).filter((n) => n.startsWith('worker-'));
    expect(workers.length).toBeGreaterThanOrEqual(2);
    const targets = scrape!.static_configs.flatMap((c) => c.targets);
    const webPort = compose.services.web!.environment!.PORT;
    expect(targets.sort()).toEqual(
      [
        `web:${webPort}`,
        ...workers.map((w) => `worker-${w.slice(7)}:${compose.services[w]!.environment!.WORKER_METRICS_PORT}`),
      ].sort(),
    );
    const service = compose.services.prometheus!;
    const mounts = new Map((service.volumes ?? []).map((v) => [v.split(':')[1]!, v.split(':')[0]!]));
    expect(mounts.get('/etc/prometheus/prometheus.yml')).toBe('./docs/monitoring/prometheus.yml');
    for (const f of prometheus.rule_files) expect(mounts.get(f)).toBe('./docs/monitoring/alerts.yml');
    const secret = scrape!.authorization.credentials_file;
    expect(secret).toBe(`/run/secrets/${service.secrets![0]}`);
    expect(compose.secrets[service.secrets![0]!]!.file).toBe('./metrics_token');
    expect(read('.gitignore').split('\n')).toContain('metrics_token');
    // Reached from this machine only, like the web port.
    expect(service.ports).toEqual(['127.0.0.1:9090:9090']);
  });
});
