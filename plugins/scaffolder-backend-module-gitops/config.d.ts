export interface Config {
  gitops?: {
    /** Settings of Slipway's scaffolder actions. */
    scaffolder?: {
      /**
       * Folder where `gitops:publish:local` creates bare Git repositories, for
       * portals (such as a demo) that publish without a Git host. A relative
       * path resolves against the backend's working directory. Local
       * publishing is off when unset.
       */
      localPublishRoot?: string;
    };
  };
}
