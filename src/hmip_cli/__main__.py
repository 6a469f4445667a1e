from hmip_cli.app import main

main()
