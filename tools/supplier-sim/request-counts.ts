/** Requests that reached the simulator, per scope and route: tests count work, not time. */
export class RequestCounts {
  private readonly counts = new Map<string, Map<string, number>>();

  add(scope: string, supplier: string, route: string) {
    let byRoute = this.counts.get(scope);
    if (!byRoute) this.counts.set(scope, (byRoute = new Map()));
    const key = `${supplier}/${route}`;
    byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
  }

  of(scope: string): { total: number; by_route: Record<string, number> } {
    const byRoute = Object.fromEntries(this.counts.get(scope) ?? []);
    return { total: Object.values(byRoute).reduce((a, b) => a + b, 0), by_route: byRoute };
  }

  clear() {
    this.counts.clear();
  }
}
