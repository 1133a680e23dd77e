/*
 * What one phase of the engine benchmark cost in processes and CPU: the git
 * processes the engine started (counted by git subcommand), the engine's
 * own CPU time, that of the git processes it started and reaped, and that
 * of the helper processes beside it (kustomize, the Git host).
 */
import { readFileSync } from 'node:fs';

// `require`, not an import: the bundle's import would copy the module's
// functions, and the count must see the calls GitCli makes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('node:child_process');

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s. */
const TICKS_PER_SECOND = 100;

interface Reading {
  gitByCommand: Map<string, number>;
  engineCpuMs: number;
  reapedChildrenCpuMs: number;
  helperCpuMs: Map<string, number>;
}

export class GitActivity {
  private readonly gitByCommand = new Map<string, number>();

  /** Counts every `git` the engine spawns from now on. */
  static install(
    helpers: () => Record<string, number | undefined>,
  ): GitActivity {
    const activity = new GitActivity(helpers);
    const spawn = childProcess.spawn;
    childProcess.spawn = (
      command: string,
      args: string[],
      ...rest: unknown[]
    ) => {
      if (command === 'git' && Array.isArray(args)) {
        const subcommand = args.find(arg => !arg.startsWith('-')) ?? '?';
        activity.gitByCommand.set(
          subcommand,
          (activity.gitByCommand.get(subcommand) ?? 0) + 1,
        );
      }
      return spawn(command, args, ...rest);
    };
    return activity;
  }

  private constructor(
    private readonly helpers: () => Record<string, number | undefined>,
  ) {}

  read(): Reading {
    const own = process.cpuUsage();
    const stat = procStat('self');
    const helperCpuMs = new Map<string, number>();
    for (const [name, pid] of Object.entries(this.helpers())) {
      if (pid === undefined) continue;
      const fields = procStat(String(pid));
      // A helper's git children (the Git host's http-backend) count too.
      helperCpuMs.set(
        name,
        fields
          ? (fields.utime + fields.stime + fields.cutime + fields.cstime) *
              (1000 / TICKS_PER_SECOND)
          : 0,
      );
    }
    return {
      gitByCommand: new Map(this.gitByCommand),
      engineCpuMs: (own.user + own.system) / 1000,
      reapedChildrenCpuMs: stat
        ? (stat.cutime + stat.cstime) * (1000 / TICKS_PER_SECOND)
        : 0,
      helperCpuMs,
    };
  }

  /** One line: what happened between `since` and now. */
  describe(phase: string, since: Reading): string {
    const now = this.read();
    const counts: string[] = [];
    let total = 0;
    for (const [command, count] of now.gitByCommand) {
      const delta = count - (since.gitByCommand.get(command) ?? 0);
      if (delta > 0) {
        counts.push(`${command} ${delta}`);
        total += delta;
      }
    }
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const helpers = [...now.helperCpuMs]
      .map(
        ([name, ms]) =>
          `${name} ${seconds(ms - (since.helperCpuMs.get(name) ?? 0))}`,
      )
      .join(', ');
    return `${phase}: ${total} git processes started by the engine${
      counts.length ? ` (${counts.join(', ')})` : ''
    }; CPU: engine ${seconds(
      now.engineCpuMs - since.engineCpuMs,
    )}, its git processes ${seconds(
      now.reapedChildrenCpuMs - since.reapedChildrenCpuMs,
    )}${helpers ? `, ${helpers}` : ''}`;
  }
}

function procStat(
  pid: string,
):
  | { utime: number; stime: number; cutime: number; cstime: number }
  | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      utime: Number(fields[11]),
      stime: Number(fields[12]),
      cutime: Number(fields[13]),
      cstime: Number(fields[14]),
    };
  } catch {
    return undefined;
  }
}
