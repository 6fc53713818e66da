# One Node-API addon over OpenBLAS. Node-API is ABI-stable, so the same build loads in Node and in
# Electron without a rebuild. NAPI_VERSION is pinned low so no newer-than-needed symbol is linked.
{
  'targets': [
    {
      'target_name': 'd2l_blas',
      'sources': ['src/addon.cc', 'src/args.cc', 'src/sgemm.cc', 'src/conv.cc', 'src/blas_threads.cc', 'src/pool.cc'],
      'dependencies': ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api"],
      'include_dirs': ['/usr/include/x86_64-linux-gnu', '/usr/include/openblas'],
      'defines': ['NAPI_VERSION=8'],
      # No contraction into FMA (the kernels must round like the TypeScript ones); no trapping math
      # (results unchanged) so branch-free selects vectorise.
      'cflags_cc': ['-O3', '-std=c++17', '-Wall', '-Wextra', '-ffp-contract=off', '-fno-trapping-math'],
      'libraries': ['-lopenblas'],
    },
  ],
}
