// Owner ids that are no tenant's, in a module of their own: the allocator and the sizing both
// need them, and each imports the other's neighbours.

/** Owner of the shared block and of what the region shares; no tenant may use this id. */
export const FACILITIES = "facilities";
