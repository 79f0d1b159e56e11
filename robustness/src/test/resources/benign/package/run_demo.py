import demo_pkg

print('done', demo_pkg.VERSION, demo_pkg.tools.double(5))
