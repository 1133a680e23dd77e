import { HealthStatus } from '@slipway/plugin-gitops-common';
import { metrics } from '@opentelemetry/api';

/**
 * The engine's OpenTelemetry instruments: sync duration, failed syncs,
 * deployments per application and environment, health per environment, and
 * pass duration. Without an SDK registered in the backend they cost nothing.
 */
export class EngineMetrics {
  private readonly meter = metrics.getMeter('slipway-gitops');
  private readonly syncDuration = this.meter.createHistogram(
    'slipway.sync.duration',
    { description: 'Duration of sync operations', unit: 'ms' },
  );
  private readonly syncFailures = this.meter.createCounter(
    'slipway.sync.failures',
    { description: 'Sync operations that failed' },
  );
  private readonly deployments = this.meter.createCounter(
    'slipway.deployments',
    { description: 'Deploy, promote and rollback operations that landed' },
  );
  private readonly passDuration = this.meter.createHistogram(
    'slipway.engine.pass.duration',
    { description: 'Duration of a pass over every application', unit: 'ms' },
  );
  private readonly health = new Map<string, HealthStatus>();

  constructor() {
    const gauge = this.meter.createObservableGauge('slipway.environments', {
      description: 'Application environments by health',
    });
    gauge.addCallback(result => {
      const counts = new Map<string, number>();
      for (const status of this.health.values()) {
        counts.set(status, (counts.get(status) ?? 0) + 1);
      }
      for (const [status, count] of counts) {
        result.observe(count, { health: status });
      }
    });
  }

  recordSync(
    environment: string,
    result: 'succeeded' | 'failed',
    durationMs: number,
  ) {
    this.syncDuration.record(durationMs, { environment, result });
    if (result === 'failed') {
      this.syncFailures.add(1, { environment });
    }
  }

  recordDeployment(application: string, environment: string, kind: string) {
    this.deployments.add(1, { application, environment, kind });
  }

  recordHealth(entityRef: string, environment: string, health: HealthStatus) {
    this.health.set(`${entityRef}\0${environment}`, health);
  }

  recordPass(summary: { durationMs: number; failed: number }) {
    this.passDuration.record(summary.durationMs, {
      failed: summary.failed > 0,
    });
  }
}
