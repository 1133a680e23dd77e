import { condition, liveObject } from './__testUtils__/liveObject';
import { LuaHealthScriptRunner } from './LuaHealthScriptRunner';
import { NoHealthError } from './NoHealthError';

/** An `argocd-cm` health script of the usual shape, for a custom kind. */
const DATABASE_HEALTH = `
hs = {}
if obj.status ~= nil and obj.status.conditions ~= nil then
  for i, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" and condition.status == "False" then
      hs.status = "Degraded"
      hs.message = condition.message
      return hs
    end
    if condition.type == "Ready" and condition.status == "True" then
      hs.status = "Healthy"
      hs.message = "Ready with " .. obj.spec.replicas .. " replicas"
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for the database"
return hs
`;

const database = (status?: Record<string, unknown>) =>
  liveObject('example.com/v1', 'Database', { spec: { replicas: 3 }, status });

describe('LuaHealthScriptRunner', () => {
  let runner: LuaHealthScriptRunner;
  beforeAll(async () => {
    runner = await LuaHealthScriptRunner.create({ timeoutMs: 2000 });
  });
  afterAll(() => runner.close());

  const run = (script: string, object = database()) =>
    runner.run(script, object, 'example.com/Database');
  const failure = (script: string, object = database(), on = runner) => {
    try {
      on.run(script, object, 'example.com/Database');
    } catch (error) {
      expect(error).toBeInstanceOf(NoHealthError);
      return (error as Error).message;
    }
    throw new Error('the script did not fail');
  };

  it('runs an Argo CD health script on the object', () => {
    expect(run(DATABASE_HEALTH)).toEqual({
      status: 'Progressing',
      message: 'Waiting for the database',
    });
    expect(
      run(
        DATABASE_HEALTH,
        database({ conditions: [condition('Ready', 'True')] }),
      ),
    ).toEqual({ status: 'Healthy', message: 'Ready with 3 replicas' });
    expect(
      run(
        DATABASE_HEALTH,
        database({
          conditions: [
            condition('Ready', 'False', 'DiskFull', 'volume data is full'),
          ],
        }),
      ),
    ).toEqual({ status: 'Degraded', message: 'volume data is full' });
  });

  it('gives lists 1-based indexes and integers without a decimal point, as gopher-lua does', () => {
    const object = database({
      conditions: [condition('A', 'True'), condition('B', 'False')],
    });
    expect(
      run(
        'return { status = "Healthy", message = obj.status.conditions[2].type .. " " .. #obj.status.conditions .. " " .. tostring(obj.spec.replicas) }',
        object,
      ),
    ).toEqual({ status: 'Healthy', message: 'B 2 3' });
  });

  it('reads JSON nulls as nil and keeps text as UTF-8', () => {
    const object = liveObject('example.com/v1', 'Database', {
      metadata: { creationTimestamp: null, uid: 'ü-1' },
      status: { message: 'Größe überschritten – 10 Gi', replicas: 2 ** 40 },
    });
    expect(
      run(
        'return { status = "Degraded", message = tostring(obj.metadata.creationTimestamp == nil) .. " " .. obj.status.message .. " " .. obj.status.replicas }',
        object,
      ),
    ).toEqual({
      status: 'Degraded',
      message: 'true Größe überschritten – 10 Gi 1099511627776',
    });
  });

  it('reads large strings and every integer whole', () => {
    const object = liveObject('example.com/v1', 'Database', {
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(
            3_000_000,
          ),
        },
      },
      status: { counts: [-5, 2 ** 31, 2 ** 53 - 1, 0.25, -1.5, null, 7] },
    });
    expect(
      run(
        `local c = obj.status.counts
        return { status = "Healthy", message = #obj.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] .. " " .. c[1] .. " " .. c[2] .. " " .. c[3] .. " " .. c[4] .. " " .. c[5] .. " " .. tostring(c[6]) .. " " .. c[7] .. " " .. math.type(c[2]) }`,
        object,
      ),
    ).toEqual({
      status: 'Healthy',
      message: '3000000 -5 2147483648 9007199254740991 0.25 -1.5 nil 7 integer',
    });
  });

  it('offers the Lua 5.1 names Argo CD scripts use', () => {
    expect(
      run(
        'local a, b = unpack({ "x", "y" }); return { status = "Healthy", message = a .. b .. table.getn({ 1, 2, 3 }) .. math.pow(2, 3) }',
      ),
    ).toEqual({ status: 'Healthy', message: 'xy38.0' });
  });

  it('has no health when the script returns nothing or an empty status', () => {
    expect(run('return nil')).toBeUndefined();
    expect(run('return {}')).toBeUndefined();
    expect(run('return { status = "", message = "ignored" }')).toBeUndefined();
  });

  it('refuses a status that is not one of the six', () => {
    expect(failure('return { status = "Green" }')).toBe(
      'Health script example.com/Database returned status "Green"; expected one of Healthy, Suspended, Progressing, Missing, Unknown, Degraded',
    );
    expect(failure('return "Healthy"')).toBe(
      'Health script example.com/Database returned a string, not a table with status and message',
    );
  });

  it('reports a script error with its line', () => {
    expect(failure('hs = {}\nreturn obj.status.phase')).toBe(
      "Health script example.com/Database failed: line 2: attempt to index a nil value (field 'status')",
    );
    expect(failure('return (')).toMatch(
      /^Health script example.com\/Database failed: line 1: unexpected symbol near <eof>$/,
    );
  });

  it.each([
    ['io', 'return io.open("/etc/passwd")'],
    ['os', 'return os.execute("true")'],
    ['require', 'return require("os")'],
    ['load', 'return load("return 1")()'],
    ['loadstring', 'return loadstring("return 1")()'],
    ['dofile', 'return dofile("/etc/passwd")'],
    ['loadfile', 'return loadfile("/etc/passwd")'],
    ['package', 'return package.loadlib("libc.so.6", "system")'],
    ['debug', 'return debug.getregistry()'],
    ['collectgarbage', 'collectgarbage("stop")'],
    ['print', 'print("to the backend log")'],
    ['string.dump', 'return string.dump(function() end)'],
  ])('has no %s', (_, script) => {
    expect(failure(script)).toMatch(/attempt to (call|index) a nil value/);
  });

  it('runs no precompiled bytecode', () => {
    expect(failure('\x1bLua T\x00')).toBe(
      'Health script example.com/Database is precompiled bytecode; only Lua source is run',
    );
  });

  it('keeps no state between runs', () => {
    expect(run('leaked = "yes"; return { status = "Healthy" }')).toEqual({
      status: 'Healthy',
    });
    expect(
      run('return { status = "Healthy", message = tostring(leaked) }'),
    ).toEqual({
      status: 'Healthy',
      message: 'nil',
    });
  });

  it('stops an endless loop at the instruction limit', () => {
    const started = Date.now();
    expect(failure('while true do end')).toBe(
      'Health script example.com/Database was stopped: it exceeded its limit of 1000000 instructions',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    // The runner is usable afterwards.
    expect(run('return { status = "Healthy" }')).toEqual({ status: 'Healthy' });
  });

  it('stops endless recursion', () => {
    expect(failure('local function f() return 1 + f() end return f()')).toMatch(
      /^Health script example.com\/Database (failed: line 1: stack overflow|was stopped: it exceeded)/,
    );
  });

  it('stops a slow script at the time limit', async () => {
    const slow = await LuaHealthScriptRunner.create({
      instructions: 1e12,
      timeoutMs: 50,
    });
    const started = Date.now();
    expect(failure('while true do end', database(), slow)).toBe(
      'Health script example.com/Database was stopped: it exceeded its time limit of 50 ms',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('ends the Lua VM when one call never returns, and starts a new one', async () => {
    const stuck = await LuaHealthScriptRunner.create({ timeoutMs: 50 });
    const started = Date.now();
    // One string.find call: no Lua instruction runs while it backtracks.
    expect(
      failure(
        'return string.find(string.rep("a", 30000), string.rep("a-", 40) .. "b")',
        database(),
        stuck,
      ),
    ).toBe(
      'Health script example.com/Database was stopped: it did not return within 1050 ms, and its Lua VM was ended',
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(stuck.run('return { status = "Healthy" }', database(), 'x')).toEqual(
      {
        status: 'Healthy',
      },
    );
    await stuck.close();
  });

  it.each([
    ['a growing table', 'local t = {} for i = 1, 1e8 do t[i] = i end'],
    [
      'a huge string',
      'local s = string.rep("x", 1e9) return { status = "Healthy", message = s }',
    ],
    ['doubling strings', 'local s = "x" while true do s = s .. s end'],
  ])('stops %s at the memory limit', async (_, script) => {
    const small = await LuaHealthScriptRunner.create({
      instructions: 1e12,
      memoryBytes: 1024 * 1024,
    });
    expect(failure(script, database(), small)).toBe(
      'Health script example.com/Database was stopped: it exceeded its memory limit of 1048576 bytes',
    );
    expect(small.run('return { status = "Healthy" }', database(), 'x')).toEqual(
      { status: 'Healthy' },
    );
  });

  it('does not count the object against the memory limit', async () => {
    const small = await LuaHealthScriptRunner.create({
      memoryBytes: 64 * 1024,
    });
    const big = database({
      conditions: Array.from({ length: 2000 }, (_, i) =>
        condition(`Type${i}`, 'True', 'Reason', 'a message of some length'),
      ),
    });
    expect(
      small.run(
        'return { status = "Healthy", message = tostring(#obj.status.conditions) }',
        big,
        'x',
      ),
    ).toEqual({
      status: 'Healthy',
      message: '2000',
    });
  });
});
