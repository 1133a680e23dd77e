import { applicationLabelValue } from '../kubernetes';
import {
  testApplication,
  testEnvironment,
} from './__testUtils__/engineTestDoubles';
import { KnownApplications } from './KnownApplications';

describe('KnownApplications', () => {
  it('finds a remembered application by entity ref and by tracking label', () => {
    const known = new KnownApplications();
    const shop = testApplication('shop');
    known.remember([shop, testApplication('cart')]);

    expect(known.get('component:default/shop')).toBe(shop);
    expect(known.withLabel(applicationLabelValue(shop.entityRef))).toBe(shop);
    expect(known.all().map(app => app.entityRef)).toEqual([
      'component:default/shop',
      'component:default/cart',
    ]);
    expect(known.get('component:default/unknown')).toBeUndefined();
  });

  it('keeps the latest version of an application, and one the catalog dropped', () => {
    const known = new KnownApplications();
    known.remember([testApplication('shop'), testApplication('cart')]);
    const moved = testApplication('shop', [testEnvironment('staging')]);
    known.remember([moved]);

    expect(known.get('component:default/shop')).toBe(moved);
    expect(known.withLabel(applicationLabelValue(moved.entityRef))).toBe(moved);
    expect(known.all()).toHaveLength(2);
  });

  it('remembers the branch head last read per application', () => {
    const known = new KnownApplications();
    expect(known.headOf('component:default/shop')).toBeUndefined();
    known.rememberHead('component:default/shop', 'a1');
    known.rememberHead('component:default/shop', 'b2');
    expect(known.headOf('component:default/shop')).toBe('b2');
    expect(known.headOf('component:default/cart')).toBeUndefined();
  });
});
