export declare const sharedTestConfig: import("vite").UserConfig;
//# sourceMappingURL=vitest.shared.d.ts.map