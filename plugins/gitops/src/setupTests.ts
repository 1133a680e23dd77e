import '@testing-library/jest-dom';

// Rendering and typing through the tab takes seconds on a busy two-core
// machine; the timeout only catches hangs.
jest.setTimeout(30_000);
