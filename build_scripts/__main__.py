from build_scripts.cli.build import main

main()
